package org.qoeflow.anomaly;

import java.util.Random;

/** Small generated series with a known anomaly, for fast deterministic tests. */
public final class TestingSeries {
    public static final long STEP_MILLIS = 300_000;
    public static final long START_MILLIS = 1_600_000_000_000L;

    private TestingSeries() {}

    /** Daily-periodic noisy series of {@code n} 5-minute steps; {@code spikeAt < 0} for none. */
    public static double[] daily(int n, int spikeAt, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = 50 + 10 * Math.sin(2 * Math.PI * t / 288.0) + rnd.nextGaussian();
            if (spikeAt >= 0 && t >= spikeAt && t < spikeAt + 3) {
                x[t] += 40;
            }
        }
        return x;
    }

    public static long timestamp(int t) {
        return START_MILLIS + t * STEP_MILLIS;
    }
}
