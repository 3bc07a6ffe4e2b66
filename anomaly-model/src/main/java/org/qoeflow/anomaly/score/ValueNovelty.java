package org.qoeflow.anomaly.score;

import java.nio.ByteBuffer;

/**
 * Distributional novelty of raw values: per feature, a histogram of every value seen so far on an
 * adaptive grid of {@code bins} equal bins that doubles its width (merging neighbours) whenever a
 * value falls outside it, so it always spans the observed range without assuming a scale.
 *
 * <p>The surprise of a value is {@code ln((n + 1) / (c + 0.5))}, where {@code c} is the count of
 * its bin and {@code n} the total count, measured before the value is added; a value in a rarely
 * visited region scores high even when it arrives gradually and a forecaster follows it. Counts are
 * 16-bit: when one would overflow, all counts halve (slow forgetting on long runs).
 */
public final class ValueNovelty {
    private static final int MAX_COUNT = 0xFFFF;

    private final int bins;
    private final int d;
    private final int[] counts;
    private final double[] lo;
    private final double[] width;
    private final double[] first;
    private final long[] seen;
    private final long[] total;
    private final double[] surprise;

    public ValueNovelty(int bins, int dimension) {
        if (bins != 0 && (bins < 2 || bins % 2 != 0)) {
            throw new IllegalArgumentException("bins must be 0 or even and >= 2: " + bins);
        }
        this.bins = bins;
        this.d = dimension;
        this.counts = new int[bins * dimension];
        this.lo = new double[dimension];
        this.width = new double[dimension];
        this.first = new double[dimension];
        this.seen = new long[dimension];
        this.total = new long[dimension];
        this.surprise = new double[dimension];
    }

    public boolean enabled() {
        return bins > 0;
    }

    /**
     * Returns the largest surprise over features of {@code x} (0 while a feature has no grid yet),
     * then adds {@code x} to the histograms; per-feature surprises are in {@link #surprise()}.
     */
    public double update(double[] x) {
        if (bins == 0) {
            return 0.0;
        }
        double best = 0;
        for (int j = 0; j < d; j++) {
            double v = x[j];
            surprise[j] = 0;
            if (!Double.isFinite(v)) {
                continue;
            }
            long n = seen[j]++;
            if (n == 0) {
                first[j] = v;
                continue;
            }
            if (width[j] == 0) {
                if (v == first[j]) {
                    continue; // constant so far: nothing to compare with
                }
                // grid starts at the first two distinct values, centred, 1/4 of the bins apart
                double gap = Math.abs(v - first[j]);
                width[j] = gap / (bins / 4.0);
                lo[j] = Math.min(v, first[j]) - (bins * 3 / 8) * width[j];
                add(j, first[j], n);
            }
            int base = j * bins;
            int k = bin(j, v);
            double c = k < 0 ? 0 : counts[base + k];
            surprise[j] = Math.log((total[j] + 1) / (c + 0.5));
            best = Math.max(best, surprise[j]);
            add(j, v, 1);
        }
        return best;
    }

    /** Per-feature surprises of the last {@link #update}. */
    public double[] surprise() {
        return surprise;
    }

    private int bin(int j, double v) {
        double pos = (v - lo[j]) / width[j];
        return pos >= 0 && pos < bins ? Math.min(bins - 1, (int) pos) : -1;
    }

    private void add(int j, double v, long weight) {
        int base = j * bins;
        while (bin(j, v) < 0) {
            boolean up = v >= lo[j];
            int h = bins / 2;
            if (up) { // keep lo: bin k <- 2k, 2k+1
                for (int k = 0; k < h; k++) {
                    counts[base + k] = counts[base + 2 * k] + counts[base + 2 * k + 1];
                }
                for (int k = h; k < bins; k++) {
                    counts[base + k] = 0;
                }
            } else { // keep hi: bin h + k <- 2k, 2k+1
                for (int k = h - 1; k >= 0; k--) {
                    counts[base + h + k] = counts[base + 2 * k] + counts[base + 2 * k + 1];
                }
                for (int k = 0; k < h; k++) {
                    counts[base + k] = 0;
                }
                lo[j] -= bins * width[j];
            }
            width[j] *= 2;
        }
        int k = base + bin(j, v);
        counts[k] += (int) Math.min(weight, MAX_COUNT / 2);
        total[j] += Math.min(weight, MAX_COUNT / 2);
        if (counts[k] > MAX_COUNT / 2) {
            total[j] = 0;
            for (int i = base; i < base + bins; i++) {
                counts[i] >>= 1;
                total[j] += counts[i];
            }
        }
    }

    /** Bytes written by {@link #write}. */
    public static int stateBytes(int bins, int dimension) {
        return bins == 0 ? 0 : dimension * (2 * bins + 8 + 8 + 8 + 8);
    }

    public void write(ByteBuffer out) {
        if (bins == 0) {
            return;
        }
        for (int j = 0; j < d; j++) {
            out.putLong(seen[j]);
            out.putDouble(first[j]);
            out.putDouble(lo[j]);
            out.putDouble(width[j]);
            for (int k = 0; k < bins; k++) {
                out.putShort((short) counts[j * bins + k]);
            }
        }
    }

    public void read(ByteBuffer in) {
        if (bins == 0) {
            return;
        }
        for (int j = 0; j < d; j++) {
            seen[j] = in.getLong();
            first[j] = in.getDouble();
            lo[j] = in.getDouble();
            width[j] = in.getDouble();
            total[j] = 0;
            for (int k = 0; k < bins; k++) {
                counts[j * bins + k] = Short.toUnsignedInt(in.getShort());
                total[j] += counts[j * bins + k];
            }
        }
    }
}
