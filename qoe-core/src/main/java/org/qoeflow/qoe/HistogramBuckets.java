package org.qoeflow.qoe;

import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Folds an explicit-bucket histogram (counts per bucket, as Prometheus and OpenTelemetry export
 * them) into a KLL sketch with weighted updates: each bucket's count is spread evenly over a few
 * points inside the bucket, which is the linear interpolation Prometheus' {@code
 * histogram_quantile} assumes; the overflow bucket sits at the highest finite bound, as there.
 */
public final class HistogramBuckets {
    /** Points per bucket: enough that quantiles interpolate inside a bucket. */
    static final int POINTS_PER_BUCKET = 8;

    private HistogramBuckets() {}

    /**
     * Adds {@code counts[i]} observations in ({@code bounds[i-1]}, {@code bounds[i]}] (the first
     * bucket starts at 0 or at its bound if that is negative; {@code counts[bounds.length]} is the
     * overflow bucket). Returns the number of observations added.
     *
     * @throws IllegalArgumentException if the arrays do not fit or a bound or count is invalid
     */
    public static long add(KllDoublesSketch sketch, double[] bounds, long[] counts) {
        check(bounds, counts);
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            long c = counts[i];
            if (c == 0) {
                continue;
            }
            total += c;
            if (bounds.length == 0) {
                continue; // one bucket without bounds: a count, no latency
            }
            if (i == bounds.length) {
                sketch.update(bounds[bounds.length - 1], c);
                continue;
            }
            double upper = bounds[i];
            double lower = i == 0 ? Math.min(0, upper) : bounds[i - 1];
            int n = (int) Math.min(c, POINTS_PER_BUCKET);
            for (int j = 0; j < n; j++) {
                // point j carries the observations whose rank falls in its n-th of the bucket
                long weight = (j + 1) * c / n - j * c / n;
                sketch.update(lower + (upper - lower) * (j + 0.5) / n, weight);
            }
        }
        return total;
    }

    private static void check(double[] bounds, long[] counts) {
        if (counts.length != bounds.length + 1) {
            throw new IllegalArgumentException(
                    "histogram has "
                            + bounds.length
                            + " bounds but "
                            + counts.length
                            + " bucket counts (expected bounds + 1)");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i]) || i > 0 && bounds[i] <= bounds[i - 1]) {
                throw new IllegalArgumentException(
                        "histogram bounds must be finite and strictly increasing, bound "
                                + i
                                + " is "
                                + bounds[i]);
            }
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative bucket count " + c);
            }
        }
    }
}
