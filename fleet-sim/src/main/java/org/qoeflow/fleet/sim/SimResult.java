package org.qoeflow.fleet.sim;

import java.util.List;
import java.util.Map;

/**
 * What one simulated run produced: the summary (the keys of summary.json) and the time series for
 * charts.
 *
 * @param summary p50_ms, p95_ms, p99_ms, success_rate, edge_energy_per_request (mJ),
 *     offloaded_share, weight_reversals_per_node_per_minute, control_updates and context keys
 * @param series one point per chart bucket
 * @param decisions the control decisions, in order (closed loop only)
 */
public record SimResult(
        String scenario,
        String policy,
        Map<String, Object> summary,
        List<Point> series,
        List<DecisionLog> decisions) {

    /** One chart bucket. */
    public record Point(
            double seconds,
            double p50Ms,
            double p95Ms,
            double p99Ms,
            double successRate,
            double offloadShare,
            int cloudNodes,
            Map<String, Double> meanThresholdByClass,
            double meanAdmit,
            Map<String, Double> weightsFirstRegion) {}

    /** A decision the law took, when, and why. */
    public record DecisionLog(
            long atMillis,
            String scope,
            long version,
            Double offloadThresholdMs,
            Map<String, Double> weights,
            String reason) {}

    public double p95() {
        return ((Number) summary.get("p95_ms")).doubleValue();
    }

    /** p95 with failed requests counted as the slowest (what best-static minimizes). */
    public double p95FailedAsSlowest() {
        Object v = summary.get("p95_failed_as_slowest_ms");
        return v instanceof Number n ? n.doubleValue() : p95();
    }

    public double successRate() {
        return ((Number) summary.get("success_rate")).doubleValue();
    }

    public double reversals() {
        return ((Number) summary.get("weight_reversals_per_node_per_minute")).doubleValue();
    }
}
