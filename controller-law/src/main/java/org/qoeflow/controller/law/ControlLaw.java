package org.qoeflow.controller.law;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.qoeflow.controller.law.CloudEstimator.RegionCloud;
import org.qoeflow.schema.ControlKind;
import org.qoeflow.schema.OffloadScope;
import org.qoeflow.schema.Scopes;
import org.qoeflow.schema.Tier;

/**
 * Runs the routing and offload laws over the fleet view and keeps only decisions worth publishing:
 * new scopes, material changes, or refreshes before the previous update expires. A published scope
 * whose telemetry stops for {@link LoopOptions#staleWindows} windows falls back to the documented
 * safe defaults, and stays listed in {@link #staleScopes()} until fresh scores return.
 */
public final class ControlLaw {
    private static final String ALL_REGIONS = "*";
    static final String FALLBACK_REASON = "fallback:stale-telemetry";

    private final LawOptions law;
    private final RoutingLaw routing;
    private final OffloadLaw offload;
    private final CloudEstimator clouds;
    private final Map<String, Decision> published = new HashMap<>();
    private final Map<String, Long> publishedAt = new HashMap<>();
    private final Map<String, Long> newestWindow = new HashMap<>();
    private final Map<String, Double> admits = new HashMap<>();

    /** Per offload scope, the region's serving cloud nodes when its admission cap was last set. */
    private final Map<String, Integer> admitNodes = new HashMap<>();

    private Map<String, OffloadLaw.Demand> demand = Map.of();

    /** Per routing scope, the last weights decided from fresh telemetry (not a fallback). */
    private final Map<String, Map<String, Double>> informed = new HashMap<>();

    private final Set<String> stale = new TreeSet<>();
    private final CohortVerdicts cohorts = new CohortVerdicts(CohortVerdicts.DEFAULT_HOLD);
    private long firstDecision = Long.MIN_VALUE;

    public ControlLaw(LawOptions law) {
        this.law = law;
        this.routing = new RoutingLaw(law);
        this.offload = new OffloadLaw(law);
        this.clouds =
                new CloudEstimator(
                        law, law.offload().defaultNetworkMs(), law.drain().successFloor());
    }

    /** Failing model variant cohorts; their offload scopes are rolled back (see there). */
    public CohortVerdicts cohortVerdicts() {
        return cohorts;
    }

    public LawOptions options() {
        return law;
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code d} is a decision this law could have
     * made: a known scope kind with the payload that kind needs.
     */
    public void checkRestorable(Decision d) {
        if (d.scope() == null || d.kind() == null) {
            throw new IllegalArgumentException("scope and kind are required");
        }
        boolean offload = d.scope().startsWith(Scopes.OFFLOAD_PREFIX);
        if (offload
                && (d.kind() != ControlKind.OFFLOAD_THRESHOLD
                        || d.offloadThresholdMs() == null
                        || !Double.isFinite(d.offloadThresholdMs())
                        || d.offloadThresholdMs() <= 0)) {
            throw new IllegalArgumentException(d.scope() + ": no usable offload threshold");
        }
        if (!offload
                && (!d.scope().startsWith(Scopes.ROUTING_PREFIX)
                        || d.kind() != ControlKind.ROUTING_WEIGHTS
                        || d.routingWeights() == null
                        || d.routingWeights().values().stream()
                                .anyMatch(w -> w == null || !Double.isFinite(w) || w < 0))) {
            throw new IllegalArgumentException(d.scope() + ": no usable routing weights");
        }
    }

    /**
     * Seeds the law with the last published decision of a scope (after a restart).
     *
     * @throws IllegalArgumentException if {@link #checkRestorable} refuses {@code d}
     */
    public void restore(Decision d, long publishedAtMillis) {
        checkRestorable(d);
        published.put(d.scope(), d);
        publishedAt.put(d.scope(), publishedAtMillis);
    }

    /** The admission cap in force per offload scope (1 = open); a copy. */
    public Map<String, Double> admissionCaps() {
        return Map.copyOf(admits);
    }

    /**
     * Offload demand per region at the last decision (requests/s; region {@code *} for class-wide
     * scopes): what devices offered with the admission cap open and what they offloaded. Offered
     * minus admitted is the demand the cap defers; an autoscaler that scales the region's cloud on
     * offered demand sees the load the cap keeps off it (export as {@code
     * qoeflow_controller_offload_demand_requests_per_second{region,demand}}). A sorted copy.
     */
    public Map<String, OffloadLaw.Demand> offloadDemand() {
        return new TreeMap<>(demand);
    }

    /**
     * Scopes currently held at their safe defaults because their telemetry went stale (export as a
     * gauge, e.g. {@code qoeflow_controller_stale_scopes}); a copy, sorted.
     */
    public Set<String> staleScopes() {
        return Set.copyOf(stale);
    }

    /** Decisions to publish now; the caller must call {@link #markPublished} for each. */
    public List<Decision> decide(FleetView view, long nowMillis) {
        long cutoff = nowMillis - law.loop().staleAfter().toMillis();
        long recent = nowMillis - law.loop().staleAfterMillis();
        view.evictOlderThan(cutoff);
        Map<OffloadScope, List<NodeView>> byScope =
                view.edgeByScope(cutoff, law.loop().regionScopes());
        Map<OffloadScope, EdgeInput> edgeByScope = new TreeMap<>(BY_SCOPE);
        Map<String, List<NodeView>> edgeByRegion = new TreeMap<>();
        byScope.forEach((k, nodes) -> edgeByScope.put(k, new EdgeInput.Devices(nodes)));
        for (OffloadScope k : edgeByScope.keySet()) {
            edgeByRegion
                    .computeIfAbsent(regionOf(k), r -> new ArrayList<>())
                    .addAll(recentOnly(byScope.get(k), recent));
        }
        return decide(
                view,
                edgeByScope,
                (region, cloud) -> clouds.observe(region, cloud, edgeByRegion.get(region)),
                nowMillis);
    }

    /**
     * As {@link #decide(FleetView, long)} with the edge devices read from their scopes' summaries
     * instead of from {@code view}, which gives the cloud nodes (and anomaly alerts) only; edge
     * devices in it are ignored.
     */
    public List<Decision> decide(ScopeSummaries summaries, FleetView view, long nowMillis) {
        long cutoff = nowMillis - law.loop().staleAfter().toMillis();
        long recent = nowMillis - law.loop().staleAfterMillis();
        view.evictOlderThan(cutoff);
        summaries.evictOlderThan(cutoff);
        Map<OffloadScope, EdgeInput> edgeByScope = new TreeMap<>(BY_SCOPE);
        Map<String, EdgeSums> edgeByRegion = new TreeMap<>();
        summaries
                .byScope(law.loop().regionScopes())
                .forEach(
                        (k, summary) -> {
                            EdgeSums fresh = summary.since(cutoff);
                            if (fresh.devices() > 0) {
                                edgeByScope.put(k, new EdgeInput.Sums(fresh));
                                edgeByRegion
                                        .computeIfAbsent(regionOf(k), r -> new EdgeSums())
                                        .merge(summary.since(recent));
                            }
                        });
        return decide(
                view,
                edgeByScope,
                (region, cloud) -> clouds.observe(region, cloud, edgeByRegion.get(region)),
                nowMillis);
    }

    private static final java.util.Comparator<OffloadScope> BY_SCOPE =
            java.util.Comparator.comparing(OffloadScope::scope);

    private static String regionOf(OffloadScope k) {
        return k.classWide() ? ALL_REGIONS : k.region();
    }

    /**
     * One round on the fresh edge scopes' inputs, {@code regionCloud} estimating a region's cloud
     * from its recent cloud nodes (and its edge devices' RTT).
     */
    private List<Decision> decide(
            FleetView view,
            Map<OffloadScope, EdgeInput> edgeByScope,
            java.util.function.BiFunction<String, List<NodeView>, RegionCloud> regionCloud,
            long nowMillis) {
        if (firstDecision == Long.MIN_VALUE) {
            firstDecision = nowMillis;
        }
        long cutoff = nowMillis - law.loop().staleAfter().toMillis();
        long recent = nowMillis - law.loop().staleAfterMillis();
        Map<String, List<NodeView>> cloudByRegion = new TreeMap<>(view.fresh(Tier.CLOUD, cutoff));
        Set<String> anomalous = view.alertedSince(nowMillis - law.drain().anomalyHold().toMillis());

        Map<String, RegionCloud> regionClouds =
                estimateClouds(cloudByRegion, edgeByScope, regionCloud, recent);
        Map<String, OffloadLaw.Demand> demandNow = new TreeMap<>();
        List<Decision> out = new ArrayList<>();
        Set<String> live = new TreeSet<>();
        cloudByRegion.forEach(
                (region, nodes) -> {
                    String scope = Scopes.routing(region);
                    if (track(scope, newestOf(nodes), recent)) {
                        Decision prev = published.get(scope);
                        Decision d =
                                routing.decide(
                                        scope,
                                        nodes,
                                        prev == null ? Map.of() : prev.routingWeights(),
                                        anomalous);
                        offer(prev, d, nowMillis, out);
                    }
                    nodes.forEach(n -> live.add(n.nodeId()));
                });
        routing.retain(live);
        edgeByScope.forEach(
                (key, nodes) -> {
                    String scope = key.scope();
                    if (!track(scope, nodes.newestWindowEnd(), recent)) {
                        return;
                    }
                    Decision prev = published.get(scope);
                    String region = key.classWide() ? ALL_REGIONS : key.region();
                    RegionCloud cloud = regionClouds.get(region);
                    int nodesNow =
                            region.equals(ALL_REGIONS)
                                    ? recentCount(cloudByRegion.values(), recent)
                                    : recentCount(
                                            List.of(cloudByRegion.getOrDefault(region, List.of())),
                                            recent);
                    Integer nodesBefore = admitNodes.put(scope, nodesNow);
                    double growth =
                            nodesBefore == null || nodesBefore == 0
                                    ? 1.0
                                    : (double) nodesNow / nodesBefore;
                    double admit =
                            offload.nextAdmit(cloud, admits.getOrDefault(scope, 1.0), growth);
                    admits.put(scope, admit);
                    var state =
                            new OffloadLaw.State(
                                    prev == null
                                            ? law.offload().thresholdInitialMs()
                                            : prev.offloadThresholdMs(),
                                    admit,
                                    growth);
                    OffloadLaw.Outcome o = offload.decideWithDemand(scope, nodes, cloud, state);
                    demandNow.merge(region, o.demand(), OffloadLaw.Demand::plus);
                    Decision d =
                            cohorts.apply(
                                    key, o.decision(), nowMillis, law.offload().thresholdMinMs());
                    offer(prev, d, nowMillis, out);
                });
        demand = demandNow;
        fallBack(recent, nowMillis, out);
        return out;
    }

    /** Records the scope's newest window; false (and marks it stale) if that is too old. */
    private boolean track(String scope, long newest, long recent) {
        newestWindow.merge(scope, newest, Math::max);
        if (newestWindow.get(scope) <= recent) {
            return false;
        }
        stale.remove(scope);
        return true;
    }

    private static long newestOf(List<NodeView> nodes) {
        return nodes.stream().mapToLong(NodeView::windowEnd).max().orElse(Long.MIN_VALUE);
    }

    private static Map<String, RegionCloud> estimateClouds(
            Map<String, List<NodeView>> cloudByRegion,
            Map<OffloadScope, EdgeInput> edgeByScope,
            java.util.function.BiFunction<String, List<NodeView>, RegionCloud> regionCloud,
            long recent) {
        Set<String> regions = new TreeSet<>();
        edgeByScope.keySet().forEach(k -> regions.add(regionOf(k)));
        Map<String, RegionCloud> out = new HashMap<>();
        for (String region : regions) {
            List<NodeView> cloud =
                    region.equals(ALL_REGIONS)
                            ? cloudByRegion.values().stream().flatMap(List::stream).toList()
                            : cloudByRegion.getOrDefault(region, List.of());
            out.put(region, regionCloud.apply(region, recentOnly(cloud, recent)));
        }
        return out;
    }

    /** Cloud nodes with a window at or after {@code recent}: the pool serving now. */
    private static int recentCount(java.util.Collection<List<NodeView>> pools, long recent) {
        int n = 0;
        for (List<NodeView> pool : pools) {
            for (NodeView v : pool) {
                if (v.windowEnd() >= recent) {
                    n++;
                }
            }
        }
        return n;
    }

    private static List<NodeView> recentOnly(List<NodeView> nodes, long recent) {
        return nodes.stream().filter(n -> n.windowEnd() >= recent).toList();
    }

    /** Safe defaults for published scopes whose telemetry stopped. */
    private void fallBack(long recent, long now, List<Decision> out) {
        for (String scope : new TreeSet<>(published.keySet())) {
            Long newest = newestWindow.get(scope);
            boolean silent =
                    newest == null
                            ? now - firstDecision >= law.loop().staleAfterMillis()
                            : newest <= recent;
            if (!silent) {
                continue;
            }
            Decision prev = published.get(scope);
            Decision d = fallbackFor(prev);
            if (stale.add(scope)) {
                out.add(d); // entering the fallback is always announced, even if weights hold
            } else {
                offer(prev, d, now, out);
            }
        }
    }

    private Decision fallbackFor(Decision prev) {
        if (prev.kind() == ControlKind.OFFLOAD_THRESHOLD) {
            admits.put(prev.scope(), law.fallback().fallbackAdmit());
            return OffloadLaw.decision(
                    prev.scope(), law.fallback().fallbackThresholdMs(), FALLBACK_REASON);
        }
        // Hold the last weights decided from telemetry rather than spread uniformly: they encode
        // what was learnt about slow and failing nodes, a blind controller learns nothing new, and
        // uniform would send a known-bad node its full share. Drained nodes stay drained.
        Map<String, Double> last = informed.getOrDefault(prev.scope(), prev.routingWeights());
        Map<String, Double> weights = new TreeMap<>();
        long live = last.values().stream().filter(w -> w > 0).count();
        double sum = last.values().stream().mapToDouble(Double::doubleValue).sum();
        double blend = law.fallback().fallbackRoutingBlend();
        last.forEach(
                (node, w) -> {
                    double uniform = live == 0 ? 1.0 / last.size() : (w > 0 ? 1.0 / live : 0);
                    double held = sum > 0 ? w / sum : uniform;
                    weights.put(node, (1 - blend) * held + blend * uniform);
                });
        return new Decision(
                prev.scope(), ControlKind.ROUTING_WEIGHTS, null, weights, FALLBACK_REASON);
    }

    private void offer(Decision prev, Decision d, long now, List<Decision> out) {
        if (worthPublishing(prev, d, now)) {
            out.add(d);
        }
    }

    public void markPublished(Decision d, long nowMillis) {
        published.put(d.scope(), d);
        if (d.routingWeights() != null && !FALLBACK_REASON.equals(d.reason())) {
            informed.put(d.scope(), d.routingWeights());
        }
        publishedAt.put(d.scope(), nowMillis);
    }

    private boolean worthPublishing(Decision prev, Decision d, long now) {
        if (prev == null) {
            return true;
        }
        long refreshAt = publishedAt.get(d.scope()) + law.loop().validity().toMillis() / 2;
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
