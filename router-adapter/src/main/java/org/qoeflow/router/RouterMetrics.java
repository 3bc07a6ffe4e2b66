package org.qoeflow.router;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;
import org.qoeflow.fleet.client.ControlClient.Outcome;

/** The router adapter's Prometheus metrics, registered on a registry passed in. */
public final class RouterMetrics {
    private final Counter updates;
    private final Counter ignored;
    private final Counter undecodable;
    private final Counter weightChanges;
    private final Counter errors;
    private final Gauge appliedVersion;
    private final Gauge missingServers;
    private final Gauge lastSync;

    public RouterMetrics(PrometheusRegistry registry) {
        updates =
                Counter.builder()
                        .name("qoeflow_router_updates_total")
                        .help(
                                "Routing updates of the configured regions, by outcome: applied,"
                                        + " or why not (unsigned, forged, tampered, stale, ...)")
                        .labelNames("outcome")
                        .register(registry);
        ignored =
                Counter.builder()
                        .name("qoeflow_router_updates_ignored_total")
                        .help("Control updates of other scopes (offload, other regions)")
                        .register(registry);
        undecodable =
                Counter.builder()
                        .name("qoeflow_router_undecodable_total")
                        .help("Control records that could not be decoded")
                        .register(registry);
        weightChanges =
                Counter.builder()
                        .name("qoeflow_router_weight_changes_total")
                        .help(
                                "Server weights set on the load balancer: for a new update, or"
                                        + " to repair drift (e.g. after a restart)")
                        .labelNames("cause")
                        .register(registry);
        errors =
                Counter.builder()
                        .name("qoeflow_router_errors_total")
                        .help("Runtime API calls that failed and will be retried, by operation")
                        .labelNames("op")
                        .register(registry);
        appliedVersion =
                Gauge.builder()
                        .name("qoeflow_router_applied_version")
                        .help("Version of the routing update in force per region (0 = none)")
                        .labelNames("region")
                        .register(registry);
        missingServers =
                Gauge.builder()
                        .name("qoeflow_router_missing_servers")
                        .help("Mapped servers the load balancer did not report at the last sync")
                        .register(registry);
        lastSync =
                Gauge.builder()
                        .name("qoeflow_router_last_sync_timestamp_seconds")
                        .help("When the load balancer last matched the weights in force")
                        .unit(Unit.SECONDS)
                        .register(registry);
        for (Outcome o : Outcome.values()) {
            updates.labelValues(label(o)).inc(0);
        }
        for (String cause : new String[] {"update", "drift"}) {
            weightChanges.labelValues(cause).inc(0);
        }
        for (String op : new String[] {"read", "set"}) {
            errors.labelValues(op).inc(0);
        }
    }

    static String label(Outcome o) {
        return o.name().toLowerCase(Locale.ROOT);
    }

    void update(Outcome o) {
        updates.labelValues(label(o)).inc();
    }

    void ignored() {
        ignored.inc();
    }

    void undecodable() {
        undecodable.inc();
    }

    void weightChanged(boolean drift) {
        weightChanges.labelValues(drift ? "drift" : "update").inc();
    }

    void error(String op) {
        errors.labelValues(op).inc();
    }

    void appliedVersion(String region, long version) {
        appliedVersion.labelValues(region).set(version);
    }

    void missingServers(int n) {
        missingServers.set(n);
    }

    void synced(long nowMillis) {
        lastSync.set(nowMillis / 1000.0);
    }
}
