package org.qoeflow.controller.law;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.OffloadScope;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/** The latest QoE view of every node the controller has heard from recently. */
public final class FleetView {
    private final Map<String, NodeView> latest = new HashMap<>();
    private final Map<String, Long> lastAlertAt = new HashMap<>();
    private final Map<String, Long> applied = new HashMap<>();

    /** Keeps the score if it is newer than what is held for its node. */
    public void observe(QoeScore score) {
        applied.merge(score.getNodeId(), score.getAppliedControlVersion(), Math::max);
        NodeView v = NodeView.of(score);
        latest.merge(v.nodeId(), v, (old, neu) -> neu.newerThan(old) ? neu : old);
    }

    /** Remembers when the anomaly model last raised an alert for a node. */
    public void observe(AnomalyScore anomaly) {
        if (anomaly.getAlert()) {
            lastAlertAt.merge(
                    anomaly.getNodeId(), anomaly.getWindowEnd().toEpochMilli(), Math::max);
        }
    }

    /** Nodes with an anomaly alert at or after {@code sinceMillis}. */
    public Set<String> alertedSince(long sinceMillis) {
        Set<String> out = new TreeSet<>();
        lastAlertAt.forEach(
                (node, at) -> {
                    if (at >= sinceMillis) {
                        out.add(node);
                    }
                });
        return out;
    }

    /** Forgets nodes whose latest window (or alert) ended before {@code cutoffMillis}. */
    public void evictOlderThan(long cutoffMillis) {
        latest.values().removeIf(v -> v.windowEnd() < cutoffMillis);
        lastAlertAt.values().removeIf(at -> at < cutoffMillis);
        applied.keySet().retainAll(latest.keySet());
    }

    public int size() {
        return latest.size();
    }

    /**
     * Fresh edge nodes grouped by offload scope: region x device class x model variant, or device
     * class alone when {@code regionScopes} is false.
     */
    public Map<OffloadScope, List<NodeView>> edgeByScope(long cutoffMillis, boolean regionScopes) {
        Map<OffloadScope, List<NodeView>> out = new HashMap<>();
        for (NodeView v : latest.values()) {
            if (v.tier() == Tier.EDGE && v.windowEnd() >= cutoffMillis) {
                OffloadScope scope =
                        regionScopes
                                ? OffloadScope.of(v.region(), v.deviceClass(), v.modelVariant())
                                : new OffloadScope(null, v.deviceClass(), null);
                out.computeIfAbsent(scope, k -> new ArrayList<>()).add(v);
            }
        }
        return out;
    }

    /** Fresh nodes of a tier, grouped by {@code region} (CLOUD) or device class (EDGE). */
    public Map<String, List<NodeView>> fresh(Tier tier, long cutoffMillis) {
        Map<String, List<NodeView>> out = new HashMap<>();
        for (NodeView v : latest.values()) {
            if (v.tier() == tier && v.windowEnd() >= cutoffMillis) {
                String group = tier == Tier.CLOUD ? v.region() : v.deviceClass();
                out.computeIfAbsent(group, k -> new ArrayList<>()).add(v);
            }
        }
        return out;
    }

    /**
     * The lowest control version fresh nodes report having applied, per scope: offload scopes for
     * edge devices (as {@link #edgeByScope} groups them), routing scopes for cloud nodes.
     */
    public Map<String, Long> appliedVersionMin(long cutoffMillis, boolean regionScopes) {
        Map<String, Long> out = new HashMap<>();
        edgeByScope(cutoffMillis, regionScopes)
                .forEach((scope, nodes) -> out.put(scope.scope(), minApplied(nodes)));
        fresh(Tier.CLOUD, cutoffMillis)
                .forEach(
                        (region, nodes) ->
                                out.put(
                                        org.qoeflow.schema.Scopes.routing(region),
                                        minApplied(nodes)));
        return out;
    }

    private long minApplied(List<NodeView> nodes) {
        return nodes.stream().mapToLong(n -> applied.getOrDefault(n.nodeId(), 0L)).min().orElse(0);
    }
}
