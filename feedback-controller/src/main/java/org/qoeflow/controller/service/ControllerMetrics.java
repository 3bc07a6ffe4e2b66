package org.qoeflow.controller.service;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import org.qoeflow.controller.law.ScoreRejection;

/** The controller's Prometheus metrics, registered on a registry passed in. */
public final class ControllerMetrics {
    final Counter scores;
    final Counter badScores;
    final Counter updates;
    final Counter errors;
    final Gauge latestVersion;
    final Gauge nodesTracked;
    final Gauge leader;
    final Gauge versionLag;
    final Gauge staleScopes;
    final Gauge admissionCap;
    final Gauge offloadDemand;
    final Counter fenced;
    final Gauge lastPublish;
    final Counter scoresRejected;
    final Counter controlRecordsRejected;
    final Counter versionsExhausted;
    final Histogram decisionSeconds;
    final Counter decisionTriggers;

    public ControllerMetrics(PrometheusRegistry registry) {
        decisionTriggers =
                Counter.builder()
                        .name("qoeflow_controller_decision_triggers_total")
                        .help("Law rounds run, by what triggered them")
                        .labelNames("trigger")
                        .register(registry);
        scores =
                Counter.builder()
                        .name("qoeflow_controller_scores_total")
                        .help("QoE scores consumed")
                        .register(registry);
        badScores =
                Counter.builder()
                        .name("qoeflow_controller_bad_scores_total")
                        .help("QoE score records that could not be decoded")
                        .register(registry);
        updates =
                Counter.builder()
                        .name("qoeflow_controller_updates_total")
                        .help("Control updates published")
                        .labelNames("kind")
                        .register(registry);
        errors =
                Counter.builder()
                        .name("qoeflow_controller_iteration_errors_total")
                        .help("Controller iterations that failed and were retried")
                        .register(registry);
        latestVersion =
                Gauge.builder()
                        .name("qoeflow_controller_latest_version")
                        .help("Latest control version published per scope")
                        .labelNames("scope")
                        .register(registry);
        versionLag =
                Gauge.builder()
                        .name("qoeflow_controller_version_lag")
                        .help(
                                "Latest published version minus the lowest version fresh nodes"
                                        + " of the scope report having applied")
                        .labelNames("scope")
                        .register(registry);
        staleScopes =
                Gauge.builder()
                        .name("qoeflow_controller_stale_scopes")
                        .help("Scopes running on safe defaults because their telemetry is stale")
                        .register(registry);
        admissionCap =
                Gauge.builder()
                        .name("qoeflow_controller_admission_cap")
                        .help("Share of a scope's eligible requests the law lets offload (0..1)")
                        .labelNames("scope")
                        .register(registry);
        offloadDemand =
                Gauge.builder()
                        .name("qoeflow_controller_offload_demand_requests_per_second")
                        .help(
                                "Offload demand of a region's devices: offered (with the admission"
                                        + " cap open), admitted (offloaded) and deferred (offered -"
                                        + " admitted); scale the region's cloud pool on offered")
                        .labelNames("region", "demand")
                        .register(registry);
        leader =
                Gauge.builder()
                        .name("qoeflow_controller_leader")
                        .help("1 while this instance leads and may write control updates")
                        .register(registry);
        fenced =
                Counter.builder()
                        .name("qoeflow_controller_fenced_total")
                        .help("Writes refused because a newer controller fenced this one")
                        .register(registry);
        lastPublish =
                Gauge.builder()
                        .name("qoeflow_controller_last_publish_timestamp_seconds")
                        .help("When this instance last published a control update (Unix time)")
                        .unit(Unit.SECONDS)
                        .register(registry);
        scoresRejected =
                Counter.builder()
                        .name("qoeflow_controller_scores_rejected_total")
                        .help("QoE and anomaly scores refused at the controller's boundary")
                        .labelNames("reason")
                        .register(registry);
        for (ScoreRejection r : ScoreRejection.values()) {
            scoresRejected.labelValues(r.label());
        }
        controlRecordsRejected =
                Counter.builder()
                        .name("qoeflow_controller_recovery_records_rejected_total")
                        .help("Control topic records not trusted when resuming a term")
                        .labelNames("reason")
                        .register(registry);
        for (RecoveryTrust.Verdict v : RecoveryTrust.Verdict.values()) {
            if (v != RecoveryTrust.Verdict.ACCEPTED) {
                controlRecordsRejected.labelValues(v.label());
            }
        }
        versionsExhausted =
                Counter.builder()
                        .name("qoeflow_controller_versions_exhausted_total")
                        .help(
                                "Decisions not published because their scope reached the highest"
                                        + " allowed version")
                        .register(registry);
        decisionSeconds =
                Histogram.builder()
                        .name("qoeflow_controller_decision_seconds")
                        .help(
                                "Time of one decision round: the law over the fleet view and"
                                        + " publishing its updates (must stay well under the"
                                        + " decision interval)")
                        .unit(Unit.SECONDS)
                        .classicOnly()
                        .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                        .register(registry);
        nodesTracked =
                Gauge.builder()
                        .name("qoeflow_controller_nodes_tracked")
                        .help("Nodes with a fresh QoE score")
                        .register(registry);
    }

    /** The exported offload demand of {@code region} ({@code offered|admitted|deferred}). */
    public double offloadDemand(String region, String demand) {
        return offloadDemand.labelValues(region, demand).get();
    }

    public double updatesPublished() {
        return updates.collect().getDataPoints().stream().mapToDouble(d -> d.getValue()).sum();
    }

    public void badScore() {
        badScores.inc();
    }

    public void scoreRejected(ScoreRejection reason) {
        scoresRejected.labelValues(reason.label()).inc();
    }

    public void recoveryRecordRejected(RecoveryTrust.Verdict verdict) {
        controlRecordsRejected.labelValues(verdict.label()).inc();
    }

    /** Scores refused for {@code reason} so far. */
    public double scoresRejected(ScoreRejection reason) {
        return scoresRejected.labelValues(reason.label()).get();
    }

    /** Scores refused so far, by reason label (all reasons, zeros included). */
    public java.util.Map<String, Long> scoresRejectedByReason() {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (ScoreRejection r : ScoreRejection.values()) {
            m.put(r.label(), (long) scoresRejected(r));
        }
        return m;
    }

    /** Recovered control records refused with {@code verdict} so far. */
    public double recoveryRecordsRejected(RecoveryTrust.Verdict verdict) {
        return controlRecordsRejected.labelValues(verdict.label()).get();
    }

    /** Nodes in the fleet view at the last decision. */
    public double nodesTracked() {
        return nodesTracked.get();
    }

    /** Decision rounds timed so far. */
    public long decisions() {
        return decisionSeconds.collect().getDataPoints().get(0).getCount();
    }

    /** Seconds spent in decision rounds so far. */
    public double decisionSecondsTotal() {
        return decisionSeconds.collect().getDataPoints().get(0).getSum();
    }
}
