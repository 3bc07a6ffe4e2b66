package org.qoeflow.cohort;

/**
 * A per-node window statistic the cohort analysis compares, the direction in which it gets worse,
 * and the smallest worsening of the cohort's median that counts as a failure.
 */
public enum CohortMetric {
    /** Window p95 end-to-end latency; relative worsening (0.10 = 10% slower than the baseline). */
    LATENCY("latency", true, true),
    /** Share of the window's requests that succeeded; absolute worsening. */
    SUCCESS("success", false, false),
    /** Device temperature in degrees C; absolute worsening. */
    TEMPERATURE("temperature", true, false),
    /** Share of the window's requests offloaded to the cloud; absolute worsening. */
    OFFLOAD_SHARE("offload_share", true, false);

    private final String label;
    private final boolean higherIsWorse;
    private final boolean relative;

    CohortMetric(String label, boolean higherIsWorse, boolean relative) {
        this.label = label;
        this.higherIsWorse = higherIsWorse;
        this.relative = relative;
    }

    /** The name used on the verdict topic and in Prometheus labels. */
    public String label() {
        return label;
    }

    /**
     * How much worse the cohort's median is than the baseline's, in this metric's unit (a fraction
     * of the baseline median for relative metrics); negative when the cohort is better.
     */
    public double worsening(double cohortMedian, double baselineMedian) {
        double diff = higherIsWorse ? cohortMedian - baselineMedian : baselineMedian - cohortMedian;
        if (!relative) {
            return diff;
        }
        return baselineMedian > 0 ? diff / baselineMedian : 0;
    }
}
