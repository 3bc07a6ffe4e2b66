package org.qoeflow.fleet.sim;

/** Latencies in 2% log-spaced bins from 0.1 ms to beyond a minute: exact enough, constant size. */
final class LatencyHistogram {
    private static final double GROWTH = Math.log(1.02);
    private static final int BINS = 800;
    private final long[] counts = new long[BINS];
    private long total;

    void add(double ms) {
        counts[bin(ms)]++;
        total++;
    }

    private static int bin(double ms) {
        int b = (int) (Math.log(Math.max(ms, 0.1) / 0.1) / GROWTH);
        return Math.max(0, Math.min(BINS - 1, b));
    }

    long count() {
        return total;
    }

    /** The latency at {@code rank} (0..1), the midpoint of its bin; NaN when empty. */
    double quantile(double rank) {
        if (total == 0) {
            return Double.NaN;
        }
        long target = (long) Math.ceil(rank * total);
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += counts[b];
            if (seen >= Math.max(1, target)) {
                return 0.1 * Math.exp((b + 0.5) * GROWTH);
            }
        }
        return 0.1 * Math.exp(BINS * GROWTH);
    }

    void clear() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
    }
}
