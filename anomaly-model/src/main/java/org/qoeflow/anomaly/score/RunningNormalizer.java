package org.qoeflow.anomaly.score;

import java.nio.ByteBuffer;

/**
 * Per-feature running mean and standard deviation (cumulative, then exponentially weighted over a
 * horizon) plus the range seen so far.
 */
public final class RunningNormalizer {
    private final int window;
    private final double[] mean;
    private final double[] var;
    private final double[] min;
    private final double[] max;
    private long count;

    public RunningNormalizer(int dimension, int window) {
        this.window = window;
        mean = new double[dimension];
        var = new double[dimension];
        min = new double[dimension];
        max = new double[dimension];
    }

    public long count() {
        return count;
    }

    /**
     * Writes {@code (x - mean) / std} with the statistics before {@code x} is added. A feature that
     * has not moved so far (std at the 1e-6 x (1 + |mean|) floor, e.g. a success rate that has been
     * exactly 1) takes as its std the spread {@code x} itself gives it, {@code |x - mean| *
     * sqrt(alpha)} with alpha the weight {@link #update} gives the next value: its first change
     * scores {@code sqrt(count + 1)} instead of {@code |x - mean| / 1e-6}.
     */
    public void normalize(double[] x, double[] out) {
        double alpha = Math.max(1.0 / (count + 1), 1.0 / window);
        for (int j = 0; j < mean.length; j++) {
            double delta = x[j] - mean[j];
            double sd = Math.sqrt(var[j]);
            double floor = 1e-6 * (1.0 + Math.abs(mean[j]));
            if (sd <= floor) {
                sd = Math.max(floor, Math.abs(delta) * Math.sqrt(alpha));
            }
            out[j] = count == 0 ? 0.0 : delta / sd;
        }
    }

    /**
     * Whether any feature leaves the range seen so far by more than {@code tolerance} times that
     * range; always false for a tolerance of 0 or a degenerate range.
     */
    public boolean outsideRange(double[] x, double tolerance) {
        if (tolerance <= 0 || count < 2) {
            return false;
        }
        for (int j = 0; j < mean.length; j++) {
            double range = max[j] - min[j];
            if (range > 0
                    && (x[j] > max[j] + tolerance * range || x[j] < min[j] - tolerance * range)) {
                return true;
            }
        }
        return false;
    }

    public void update(double[] x) {
        count++;
        double alpha = Math.max(1.0 / count, 1.0 / window);
        for (int j = 0; j < mean.length; j++) {
            double delta = x[j] - mean[j];
            mean[j] += alpha * delta;
            var[j] = (1 - alpha) * (var[j] + alpha * delta * delta);
            if (count == 1 || x[j] < min[j]) {
                min[j] = x[j];
            }
            if (count == 1 || x[j] > max[j]) {
                max[j] = x[j];
            }
        }
    }

    public void write(ByteBuffer out) {
        out.putLong(count);
        for (int j = 0; j < mean.length; j++) {
            out.putDouble(mean[j]);
            out.putDouble(var[j]);
            out.putDouble(min[j]);
            out.putDouble(max[j]);
        }
    }

    public void read(ByteBuffer in) {
        count = in.getLong();
        for (int j = 0; j < mean.length; j++) {
            mean[j] = in.getDouble();
            var[j] = in.getDouble();
            min[j] = in.getDouble();
            max[j] = in.getDouble();
        }
    }
}
