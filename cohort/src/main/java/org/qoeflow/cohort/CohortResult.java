package org.qoeflow.cohort;

import java.util.List;

/**
 * One cohort (nodes of one model variant in a region x device class) in one window against the rest
 * of its class: its window verdict before any streak rule, a Kayenta-style score (100 x the share
 * of tested metrics that did not fail) and every metric compared.
 */
public record CohortResult(
        String variant,
        int cohortNodes,
        int baselineNodes,
        Verdict windowVerdict,
        double score,
        List<MetricComparison> metrics,
        String reason) {

    /** Labels of the metrics that failed, in {@link CohortMetric} order. */
    public List<String> failedMetrics(CohortOptions o) {
        return metrics.stream().filter(m -> m.fails(o)).map(m -> m.metric().label()).toList();
    }
}
