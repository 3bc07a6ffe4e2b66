package org.qoeflow.anomaly.score;

import java.nio.ByteBuffer;

/**
 * Halves a score unless it exceeds every score of the last {@code window} events, so that one
 * incident raises one alert instead of a burst.
 */
public final class Suppressor {
    private final float[] recent;
    private int pos;

    public Suppressor(int window) {
        this.recent = new float[window];
    }

    public double apply(double score) {
        if (recent.length == 0) {
            return score;
        }
        double max = 0;
        for (float r : recent) {
            max = Math.max(max, r);
        }
        recent[pos] = (float) score;
        pos = (pos + 1) % recent.length;
        return (float) score > max ? score : 0.5 * score;
    }

    public void write(ByteBuffer out) {
        out.putShort((short) pos);
        for (float r : recent) {
            out.putFloat(r);
        }
    }

    public void read(ByteBuffer in) {
        pos = in.getShort();
        for (int i = 0; i < recent.length; i++) {
            recent[i] = in.getFloat();
        }
    }
}
