package org.qoeflow.anomaly.score;

import java.nio.ByteBuffer;

/**
 * Halves a score unless it exceeds every score of the last {@code window} events, so that one
 * incident raises one alert instead of a burst. Recent scores are kept at 16-bit resolution (2
 * bytes per event of the window); a score must beat their maximum by at least that resolution.
 */
public final class Suppressor {
    private static final double LEVELS = 0xFFFF;

    private final char[] recent;
    private int pos;

    public Suppressor(int window) {
        this.recent = new char[window];
    }

    public double apply(double score) {
        if (recent.length == 0) {
            return score;
        }
        int max = 0;
        for (char r : recent) {
            max = Math.max(max, r);
        }
        int q = (int) Math.round(Math.max(0.0, Math.min(1.0, score)) * LEVELS);
        recent[pos] = (char) q;
        pos = (pos + 1) % recent.length;
        return q > max ? score : 0.5 * score;
    }

    public void write(ByteBuffer out) {
        out.putShort((short) pos);
        for (char r : recent) {
            out.putChar(r);
        }
    }

    public void read(ByteBuffer in) {
        pos = in.getShort();
        for (int i = 0; i < recent.length; i++) {
            recent[i] = in.getChar();
        }
    }
}
