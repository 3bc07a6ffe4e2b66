package org.qoeflow.anomaly.score;

import java.nio.ByteBuffer;

/**
 * Time-of-day profile of standardized features (one slot per bin of the UTC day, updated by an
 * exponential moving average); its residual catches a broken daily pattern that a next-step
 * forecaster follows along.
 *
 * <p>With a slot weight {@code w > 0} the residual is divided by a typical residual for the time of
 * day, {@code w * slot + (1 - w) * global}: each slot keeps an EWMA of its RMS residuals (at the
 * profile's rate) and the global scale is their running mean over {@code globalWindow} events. A
 * busy hour of a count series is noisier than a quiet one, and the same deviation means less there.
 * Slot scales are kept as bfloat16 (the upper half of a float: 2 bytes per slot, 0.4 % resolution,
 * 0 = not visited yet).
 *
 * <p>Profile values are 16-bit fixed point in the model itself, in steps of {@link #STEP} (2^-11)
 * saturating at +-16 (the detector clips its standardized inputs to +-10), so the live profile and
 * one restored from its state are the same numbers.
 */
public final class SeasonalProfile {
    private static final long MINUTES_PER_DAY = 1440;

    private final int bins;
    private final int d;
    private final double rate;
    private final double slotWeight;
    private final int globalWindow;

    /** Resolution of a profile value; its 16 bits cover [-16, 16). */
    static final double STEP = 1.0 / 2048;

    private final short[] profile;
    private final double[] residual;
    private final char[] slotScale;
    private double globalScale;
    private int globalCount;

    /** A profile whose residual is not scaled. */
    public SeasonalProfile(int bins, int dimension, double rate) {
        this(bins, dimension, rate, 0, 1);
    }

    /**
     * A profile whose residual is divided by a time-of-day scale with weight {@code slotWeight} in
     * [0, 1] (0 = not scaled) on the slot and the rest on the global running mean over {@code
     * globalWindow} events.
     */
    public SeasonalProfile(
            int bins, int dimension, double rate, double slotWeight, int globalWindow) {
        this.bins = bins;
        this.d = dimension;
        this.rate = rate;
        this.slotWeight = slotWeight;
        this.globalWindow = globalWindow;
        this.profile = new short[bins * dimension];
        this.residual = new double[dimension];
        this.slotScale = new char[scaled() ? bins : 0];
    }

    public boolean enabled() {
        return bins > 0;
    }

    private boolean scaled() {
        return bins > 0 && slotWeight > 0;
    }

    /**
     * Returns the RMS residual of {@code u} against its slot (divided by the time-of-day scale when
     * scaled), then moves the slot towards {@code u}; per-feature absolute residuals (not scaled)
     * are available from {@link #residual()}.
     */
    public double update(long timestampMillis, double[] u) {
        if (bins == 0) {
            return 0.0;
        }
        long minute = Math.floorMod(timestampMillis / 60_000, MINUTES_PER_DAY);
        int slot = (int) (minute * bins / MINUTES_PER_DAY);
        int base = slot * d;
        double sum = 0;
        for (int j = 0; j < d; j++) {
            double p = profile[base + j] * STEP;
            double r = u[j] - p;
            residual[j] = Math.abs(r);
            sum += r * r;
            profile[base + j] = quantize(p + rate * r);
        }
        double rms = Math.sqrt(sum / d);
        return scaled() ? scale(slot, rms) : rms;
    }

    /** Divides by the scale before this residual, then lets the residual update the scales. */
    private double scale(int slot, double rms) {
        boolean visited = slotScale[slot] != 0;
        double local = visited ? decode(slotScale[slot]) : globalScale;
        double typical = slotWeight * local + (1 - slotWeight) * globalScale;
        double out = typical > 0 ? rms / typical : 0.0;
        globalCount = Math.min(globalCount + 1, globalWindow);
        globalScale += (rms - globalScale) / globalCount;
        double next = visited ? local + rate * (rms - local) : globalScale;
        slotScale[slot] = encode(next);
        return out;
    }

    /** Rounds a scale to the nearest bfloat16 (ties to even); 0 for none. */
    static char encode(double scale) {
        if (!(scale > 0)) {
            return 0;
        }
        int bits = Float.floatToIntBits((float) Math.min(scale, Float.MAX_VALUE));
        int q = (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
        return (char) Math.max(1, Math.min(0x7F7F, q));
    }

    static double decode(char q) {
        return Float.intBitsToFloat(q << 16);
    }

    /**
     * Rounds a profile value to the nearest step (ties to even), saturating at the 16-bit range.
     */
    static short quantize(double value) {
        double q = Math.rint(value / STEP);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, q));
    }

    public double[] residual() {
        return residual;
    }

    /** Bytes written by {@link #write}. */
    public static int stateBytes(int bins, int dimension, double slotWeight) {
        return 4 * bins * dimension + (bins > 0 && slotWeight > 0 ? 12 + 2 * bins : 0);
    }

    /** Bytes {@link #writeSparse} writes at most (with 16-bit values). */
    public static int sparseStateBytes(int bins, int dimension, double slotWeight) {
        return (bins + 7) / 8
                + stateBytes(bins, dimension, slotWeight)
                - (bins > 0 ? 2 * bins * dimension : 0);
    }

    /** {@link #writeSparse(ByteBuffer, boolean)} with the profile's own 16-bit values. */
    public void writeSparse(ByteBuffer out) {
        writeSparse(out, true);
    }

    /**
     * Writes the state losslessly with only the slots visited so far (a bitmap, then each of those
     * slots' profile and scale): a node younger than a day has visited only some times of day.
     * Without {@code sixteenBit} the values are written as floats (the layout of state version 3).
     */
    public void writeSparse(ByteBuffer out, boolean sixteenBit) {
        byte[] visited = new byte[(bins + 7) / 8];
        for (int slot = 0; slot < bins; slot++) {
            if (visited(slot)) {
                visited[slot >>> 3] |= (byte) (1 << (slot & 7));
            }
        }
        out.put(visited);
        if (slotScale.length > 0) {
            out.putDouble(globalScale);
            out.putInt(globalCount);
        }
        for (int slot = 0; slot < bins; slot++) {
            if ((visited[slot >>> 3] & (1 << (slot & 7))) != 0) {
                for (int j = 0; j < d; j++) {
                    if (sixteenBit) {
                        out.putShort(profile[slot * d + j]);
                    } else {
                        out.putFloat((float) (profile[slot * d + j] * STEP));
                    }
                }
                if (slotScale.length > 0) {
                    out.putChar(slotScale[slot]);
                }
            }
        }
    }

    private boolean visited(int slot) {
        if (slotScale.length > 0 && slotScale[slot] != 0) {
            return true;
        }
        for (int j = 0; j < d; j++) {
            if (profile[slot * d + j] != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads what {@link #writeSparse(ByteBuffer, boolean)} wrote; slots not in its bitmap restart
     * empty, float values (state version 3) are rounded to the profile's 16 bits.
     */
    public void readSparse(ByteBuffer in, boolean sixteenBit) {
        byte[] visited = new byte[(bins + 7) / 8];
        in.get(visited);
        if (bins % 8 != 0 && (visited[visited.length - 1] & 0xFF) >>> (bins % 8) != 0) {
            throw new IllegalArgumentException(
                    "seasonal state marks slots beyond its " + bins + " bins");
        }
        if (slotScale.length > 0) {
            globalScale = in.getDouble();
            globalCount = in.getInt();
        }
        java.util.Arrays.fill(profile, (short) 0);
        java.util.Arrays.fill(slotScale, (char) 0);
        for (int slot = 0; slot < bins; slot++) {
            if ((visited[slot >>> 3] & (1 << (slot & 7))) != 0) {
                for (int j = 0; j < d; j++) {
                    profile[slot * d + j] = sixteenBit ? in.getShort() : quantize(in.getFloat());
                }
                if (slotScale.length > 0) {
                    slotScale[slot] = in.getChar();
                }
            }
        }
    }

    /** Writes every slot as floats (the layout of state versions 1 and 2). */
    public void write(ByteBuffer out) {
        for (short p : profile) {
            out.putFloat((float) (p * STEP));
        }
        if (slotScale.length > 0) {
            out.putDouble(globalScale);
            out.putInt(globalCount);
            for (char s : slotScale) {
                out.putChar(s);
            }
        }
    }

    public void read(ByteBuffer in) {
        read(in, true);
    }

    /**
     * Reads the state, rounding the values to 16 bits; without {@code withScales} (a state written
     * before scaling existed) the scales restart empty.
     */
    public void read(ByteBuffer in, boolean withScales) {
        for (int i = 0; i < profile.length; i++) {
            profile[i] = quantize(in.getFloat());
        }
        if (slotScale.length > 0) {
            globalScale = withScales ? in.getDouble() : 0;
            globalCount = withScales ? in.getInt() : 0;
            for (int i = 0; i < slotScale.length; i++) {
                slotScale[i] = withScales ? in.getChar() : 0;
            }
        }
    }
}
