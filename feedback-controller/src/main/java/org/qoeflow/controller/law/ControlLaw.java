package org.qoeflow.controller.law;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qoeflow.schema.Scopes;
import org.qoeflow.schema.Tier;

/**
 * Runs the routing and offload laws over the fleet view and keeps only decisions worth publishing:
 * new scopes, material changes, or refreshes before the previous update expires.
 */
public final class ControlLaw {
    private final ControlOptions options;
    private final RoutingLaw routing;
    private final OffloadLaw offload;
    private final Map<String, Decision> published = new HashMap<>();
    private final Map<String, Long> publishedAt = new HashMap<>();

    public ControlLaw(ControlOptions options) {
        this.options = options;
        this.routing = new RoutingLaw(options);
        this.offload = new OffloadLaw(options);
    }

    public ControlOptions options() {
        return options;
    }

    /** Seeds the law with the last published decision of a scope (after a restart). */
    public void restore(Decision d, long publishedAtMillis) {
        published.put(d.scope(), d);
        publishedAt.put(d.scope(), publishedAtMillis);
    }

    /** Decisions to publish now; the caller must call {@link #markPublished} for each. */
    public List<Decision> decide(FleetView view, long nowMillis) {
        long cutoff = nowMillis - options.staleAfter().toMillis();
        view.evictOlderThan(cutoff);
        Map<String, List<NodeView>> cloudByRegion = view.fresh(Tier.CLOUD, cutoff);
        Map<String, List<NodeView>> edgeByClass = view.fresh(Tier.EDGE, cutoff);
        List<NodeView> allCloud = cloudByRegion.values().stream().flatMap(List::stream).toList();
        var anomalous = view.alertedSince(nowMillis - options.anomalyHold().toMillis());

        List<Decision> out = new ArrayList<>();
        cloudByRegion.forEach(
                (region, nodes) -> {
                    String scope = Scopes.routing(region);
                    Decision prev = published.get(scope);
                    Decision d =
                            routing.decide(
                                    scope,
                                    nodes,
                                    prev == null ? Map.of() : prev.routingWeights(),
                                    anomalous);
                    if (worthPublishing(prev, d, nowMillis)) {
                        out.add(d);
                    }
                });
        edgeByClass.forEach(
                (deviceClass, nodes) -> {
                    String scope = Scopes.offload(deviceClass);
                    Decision prev = published.get(scope);
                    double prevThreshold =
                            prev == null ? options.thresholdInitialMs() : prev.offloadThresholdMs();
                    Decision d = offload.decide(scope, nodes, allCloud, prevThreshold);
                    if (worthPublishing(prev, d, nowMillis)) {
                        out.add(d);
                    }
                });
        return out;
    }

    public void markPublished(Decision d, long nowMillis) {
        published.put(d.scope(), d);
        publishedAt.put(d.scope(), nowMillis);
    }

    private boolean worthPublishing(Decision prev, Decision d, long now) {
        if (prev == null) {
            return true;
        }
        long refreshAt = publishedAt.get(d.scope()) + options.validity().toMillis() / 2;
        if (now >= refreshAt) {
            return true;
        }
        if (d.offloadThresholdMs() != null) {
            return Math.abs(d.offloadThresholdMs() - prev.offloadThresholdMs()) >= 1.0;
        }
        if (!d.routingWeights().keySet().equals(prev.routingWeights().keySet())) {
            return true;
        }
        for (var e : d.routingWeights().entrySet()) {
            if (Math.abs(e.getValue() - prev.routingWeights().get(e.getKey())) >= 0.01) {
                return true;
            }
        }
        return false;
    }
}
