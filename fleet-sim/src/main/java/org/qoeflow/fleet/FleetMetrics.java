package org.qoeflow.fleet;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.schema.ControlKind;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Scopes;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

/**
 * The fleet's Prometheus metrics, registered on a registry passed in. Labels are bounded: tier, the
 * fleet's own regions, the fleet's own cloud node ids, control scopes the fleet applied, and the
 * fixed set of rejection reasons.
 */
public final class FleetMetrics implements FleetObserver {
    /**
     * Latency buckets in seconds; 0.5 s is the default SLA, so its burn rate reads off one bucket.
     */
    static final double[] LATENCY_BUCKETS = {
        0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10
    };

    /** Reason label for a control record that could not be decoded. */
    public static final String UNDECODABLE = "undecodable";

    private final Counter requests;
    private final Counter failures;
    private final Counter offloaded;
    private final Histogram latency;
    private final Counter cloudNodeRequests;
    private final Counter cloudNodeFailures;
    private final Counter published;
    private final Counter publishFailures;
    private final Counter applied;
    private final Counter rejected;
    private final Gauge appliedVersion;
    private final Gauge lastApplied;
    private final Gauge offloadThreshold;
    private final Gauge routingWeight;
    private final Set<String> regions;
    private final Set<String> cloudNodes = new HashSet<>();

    /** Registers the metrics of {@code fleet}'s regions and cloud nodes on {@code registry}. */
    public FleetMetrics(PrometheusRegistry registry, FleetSimulator fleet) {
        regions = Set.copyOf(fleet.regions());
        for (String region : regions) {
            cloudNodes.addAll(fleet.cloudNodeIds(region));
        }
        requests =
                Counter.builder()
                        .name("qoeflow_fleet_requests_total")
                        .help(
                                "Requests served: tier EDGE counts user requests (offloaded ones"
                                        + " too), tier CLOUD the requests cloud nodes served")
                        .labelNames("tier", "region")
                        .register(registry);
        failures =
                Counter.builder()
                        .name("qoeflow_fleet_request_failures_total")
                        .help("Requests that failed, by the tier that reported them")
                        .labelNames("tier", "region")
                        .register(registry);
        offloaded =
                Counter.builder()
                        .name("qoeflow_fleet_requests_offloaded_total")
                        .help("User requests an edge device offloaded to the cloud")
                        .labelNames("region")
                        .register(registry);
        latency =
                Histogram.builder()
                        .name("qoeflow_fleet_request_latency_seconds")
                        .help(
                                "End-to-end request latency: as the user saw it (EDGE) or as the"
                                        + " cloud node served it (CLOUD)")
                        .unit(Unit.SECONDS)
                        .classicUpperBounds(LATENCY_BUCKETS)
                        .classicOnly()
                        .labelNames("tier", "region")
                        .register(registry);
        cloudNodeRequests =
                Counter.builder()
                        .name("qoeflow_fleet_cloud_node_requests_total")
                        .help("Requests each cloud node served (node is one of the fleet's own)")
                        .labelNames("region", "node")
                        .register(registry);
        cloudNodeFailures =
                Counter.builder()
                        .name("qoeflow_fleet_cloud_node_request_failures_total")
                        .help("Requests each cloud node failed")
                        .labelNames("region", "node")
                        .register(registry);
        published =
                Counter.builder()
                        .name("qoeflow_fleet_telemetry_published_total")
                        .help("Telemetry records the broker acknowledged")
                        .register(registry);
        publishFailures =
                Counter.builder()
                        .name("qoeflow_fleet_telemetry_publish_failures_total")
                        .help("Telemetry records the producer gave up on")
                        .register(registry);
        applied =
                Counter.builder()
                        .name("qoeflow_fleet_control_updates_applied_total")
                        .help("Control updates the fleet applied")
                        .register(registry);
        rejected =
                Counter.builder()
                        .name("qoeflow_fleet_control_updates_rejected_total")
                        .help(
                                "Control updates not applied, by reason: duplicate, stale,"
                                        + " expired, invalid, unsigned, forged, tampered,"
                                        + " undecodable")
                        .labelNames("reason")
                        .register(registry);
        appliedVersion =
                Gauge.builder()
                        .name("qoeflow_fleet_applied_control_version")
                        .help("Control version the fleet holds per scope")
                        .labelNames("scope")
                        .register(registry);
        lastApplied =
                Gauge.builder()
                        .name("qoeflow_fleet_last_control_applied_timestamp_seconds")
                        .help("When the fleet last applied a control update (Unix time)")
                        .unit(Unit.SECONDS)
                        .register(registry);
        offloadThreshold =
                Gauge.builder()
                        .name("qoeflow_fleet_offload_threshold_seconds")
                        .help("Offload threshold the fleet applies per offload scope")
                        .unit(Unit.SECONDS)
                        .labelNames("scope")
                        .register(registry);
        routingWeight =
                Gauge.builder()
                        .name("qoeflow_fleet_routing_weight")
                        .help("Share of a region's cloud traffic the fleet routes to each node")
                        .labelNames("region", "node")
                        .register(registry);
        for (String reason : rejectionReasons()) {
            rejected.labelValues(reason); // present at 0, so rate() sees the first rejection
        }
        for (String region : regions) {
            for (Tier tier : Tier.values()) {
                requests.labelValues(tier.name(), region);
                failures.labelValues(tier.name(), region);
            }
            offloaded.labelValues(region);
        }
    }

    /** Every value the {@code reason} label of the rejection counter takes. */
    public static List<String> rejectionReasons() {
        List<String> reasons = new java.util.ArrayList<>();
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.APPLIED) {
                reasons.add(reason(o));
            }
        }
        reasons.add(UNDECODABLE);
        return reasons;
    }

    static String reason(Outcome o) {
        return o.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void telemetry(List<Telemetry> events) {
        for (Telemetry t : events) {
            if (t.getPayload() instanceof RequestFact r && regions.contains(t.getRegion())) {
                request(t, r);
            }
        }
    }

    private void request(Telemetry t, RequestFact r) {
        String tier = t.getTier().name();
        String region = t.getRegion();
        requests.labelValues(tier, region).inc();
        latency.labelValues(tier, region).observe(r.getE2eMs() / 1000.0);
        if (!r.getSuccess()) {
            failures.labelValues(tier, region).inc();
        }
        if (t.getTier() == Tier.EDGE && r.getOffloaded()) {
            offloaded.labelValues(region).inc();
        }
        if (t.getTier() == Tier.CLOUD && cloudNodes.contains(t.getNodeId())) {
            cloudNodeRequests.labelValues(region, t.getNodeId()).inc();
            if (!r.getSuccess()) {
                cloudNodeFailures.labelValues(region, t.getNodeId()).inc();
            }
        }
    }

    @Override
    public void published() {
        published.inc();
    }

    @Override
    public void publishFailed() {
        publishFailures.inc();
    }

    @Override
    public void control(ControlUpdate update, Outcome outcome, long version) {
        if (outcome == Outcome.APPLIED) {
            applied.inc();
            // Only applied updates name a scope label: a rejected record's scope is untrusted.
            appliedVersion.labelValues(update.getScope()).set(version);
            lastApplied.set(System.currentTimeMillis() / 1000.0);
            exportControlState(update);
        } else {
            rejected.labelValues(reason(outcome)).inc();
        }
    }

    private void exportControlState(ControlUpdate u) {
        if (u.getKind() == ControlKind.OFFLOAD_THRESHOLD && u.getOffloadThresholdMs() != null) {
            offloadThreshold.labelValues(u.getScope()).set(u.getOffloadThresholdMs() / 1000.0);
        } else if (u.getKind() == ControlKind.ROUTING_WEIGHTS
                && u.getScope().startsWith(Scopes.ROUTING_PREFIX)) {
            String region = u.getScope().substring(Scopes.ROUTING_PREFIX.length());
            if (!regions.contains(region)) {
                return;
            }
            for (Map.Entry<String, Double> w : u.getRoutingWeights().entrySet()) {
                if (cloudNodes.contains(w.getKey())) {
                    routingWeight.labelValues(region, w.getKey()).set(w.getValue());
                }
            }
        }
    }

    @Override
    public void undecodableControl() {
        rejected.labelValues(UNDECODABLE).inc();
    }
}
