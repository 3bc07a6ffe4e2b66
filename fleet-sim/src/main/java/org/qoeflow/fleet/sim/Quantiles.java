package org.qoeflow.fleet.sim;

import java.lang.reflect.Field;
import java.util.Random;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;

/**
 * Latency quantiles of a simulated run: the KLL sketch the QoE job uses for its windows, made
 * reproducible. DataSketches 6.2 draws every KLL compaction's coin from one JVM-wide {@link Random}
 * with no seeding API, so two runs with the same seed got different quantiles (and, through the
 * windows' p50/p95/p99 in the anomaly features, different alerts and decisions). A run holds {@link
 * #RNG_LOCK} while it updates sketches and reseeds that generator from its own seed and position
 * first: the coins a run sees depend on the run only, even with runs on other threads.
 */
final class Quantiles {
    /** Held by whoever updates KLL sketches in a simulation; see {@link #reseed}. */
    static final Object RNG_LOCK = new Object();

    /** The QoE job's accuracy (qoe-core {@code NodeWindowStats.SKETCH_K}). */
    static final int K = 200;

    private static final Random KLL_COINS = kllCoins();

    private final KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(K);
    private final double[] buffer = new double[4096];
    private final long seed;
    private int buffered;
    private long flushes;

    Quantiles(long seed) {
        this.seed = seed;
    }

    void add(double ms) {
        buffer[buffered++] = ms;
        if (buffered == buffer.length) {
            flush();
        }
    }

    long count() {
        return sketch.getN() + buffered;
    }

    /** The latency at {@code rank} (0..1); NaN when empty. */
    double quantile(double rank) {
        flush();
        return sketch.isEmpty() ? Double.NaN : sketch.getQuantile(rank);
    }

    void clear() {
        sketch.reset();
        buffered = 0;
    }

    private void flush() {
        if (buffered == 0) {
            return;
        }
        synchronized (RNG_LOCK) {
            reseed(seed, flushes++);
            for (int i = 0; i < buffered; i++) {
                sketch.update(buffer[i]);
            }
        }
        buffered = 0;
    }

    /** Sets KLL's coin generator from a run's seed and position; call holding {@link #RNG_LOCK}. */
    static void reseed(long seed, long position) {
        KLL_COINS.setSeed(seed * 0x9E3779B97F4A7C15L + position);
    }

    private static Random kllCoins() {
        try {
            Field f = KllSketch.class.getDeclaredField("random");
            f.setAccessible(true);
            return (Random) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "DataSketches KllSketch.random not found: the simulation cannot make KLL"
                            + " quantiles reproducible with this DataSketches version",
                    e);
        }
    }
}
