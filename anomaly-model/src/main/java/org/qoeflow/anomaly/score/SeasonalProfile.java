package org.qoeflow.anomaly.score;

import java.nio.ByteBuffer;

/**
 * Time-of-day profile of standardized features (one slot per bin of the UTC day, updated by an
 * exponential moving average); its residual catches a broken daily pattern that a next-step
 * forecaster follows along.
 */
public final class SeasonalProfile {
    private static final long MINUTES_PER_DAY = 1440;

    private final int bins;
    private final int d;
    private final double rate;
    private final float[] profile;
    private final double[] residual;

    public SeasonalProfile(int bins, int dimension, double rate) {
        this.bins = bins;
        this.d = dimension;
        this.rate = rate;
        this.profile = new float[bins * dimension];
        this.residual = new double[dimension];
    }

    public boolean enabled() {
        return bins > 0;
    }

    /**
     * Returns the RMS residual of {@code u} against its slot, then moves the slot towards {@code
     * u}; per-feature absolute residuals are available from {@link #residual()}.
     */
    public double update(long timestampMillis, double[] u) {
        if (bins == 0) {
            return 0.0;
        }
        long minute = Math.floorMod(timestampMillis / 60_000, MINUTES_PER_DAY);
        int base = (int) (minute * bins / MINUTES_PER_DAY) * d;
        double sum = 0;
        for (int j = 0; j < d; j++) {
            double r = u[j] - profile[base + j];
            residual[j] = Math.abs(r);
            sum += r * r;
            profile[base + j] = (float) (profile[base + j] + rate * r);
        }
        return Math.sqrt(sum / d);
    }

    public double[] residual() {
        return residual;
    }

    public void write(ByteBuffer out) {
        for (float p : profile) {
            out.putFloat(p);
        }
    }

    public void read(ByteBuffer in) {
        for (int i = 0; i < profile.length; i++) {
            profile[i] = in.getFloat();
        }
    }
}
