package org.qoeflow.cohort;

import java.util.Objects;

/**
 * One node's statistics over one window, as the cohort analysis sees them; a metric the window
 * lacks (no request, no sensor sample) is NaN and leaves the node out of that metric's test.
 */
public record NodeSample(String nodeId, String variant, double[] values) {
    public NodeSample {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(variant, "variant");
        if (values.length != CohortMetric.values().length) {
            throw new IllegalArgumentException(
                    "values: need one per CohortMetric ("
                            + CohortMetric.values().length
                            + "), got "
                            + values.length);
        }
        values = values.clone();
    }

    /** A sample from the four statistics; null or non-finite values become NaN. */
    public static NodeSample of(
            String nodeId,
            String variant,
            Double latencyP95Ms,
            Double successRate,
            Double temperatureC,
            Double offloadShare) {
        return new NodeSample(
                nodeId,
                variant,
                new double[] {
                    finite(latencyP95Ms),
                    finite(successRate),
                    finite(temperatureC),
                    finite(offloadShare)
                });
    }

    public double value(CohortMetric m) {
        return values[m.ordinal()];
    }

    private static double finite(Double v) {
        return v == null || !Double.isFinite(v) ? Double.NaN : v;
    }
}
