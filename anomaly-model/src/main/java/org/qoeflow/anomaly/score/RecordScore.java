package org.qoeflow.anomaly.score;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Nonparametric dynamic threshold over several timescales: each scale smooths a raw score with an
 * EWMA and compares it with the largest smoothed value seen so far (its record).
 *
 * <p>The score of a scale is {@code r / (1 + r)} with {@code r = smoothed / record}, so 0.5 marks a
 * new record; the result is the maximum over scales. Records need no distribution assumption and
 * become rarer as a stationary series ages, which keeps false alarms down.
 */
public final class RecordScore {
    private final int[] spans;
    private final double[] ewma;
    private final double[] record;
    private final double decay;
    private final double growthCap;
    private long count;

    /** Records that never decay. */
    public RecordScore(List<Integer> spans) {
        this(spans, 0, 0);
    }

    /**
     * Records that halve over {@code halfLife} events (0 = never) and grow by at most {@code
     * growthCap} times per event (0 = unlimited).
     */
    public RecordScore(List<Integer> spans, int halfLife, double growthCap) {
        this.growthCap = growthCap;
        this.decay = halfLife == 0 ? 1.0 : Math.pow(0.5, 1.0 / halfLife);
        this.spans = spans.stream().mapToInt(Integer::intValue).toArray();
        this.ewma = new double[this.spans.length];
        this.record = new double[this.spans.length];
    }

    /** Adds one raw score (>= 0) and returns the score in [0, 1). */
    public double update(double raw) {
        count++;
        double best = 0;
        for (int k = 0; k < spans.length; k++) {
            double alpha = 2.0 / (spans[k] + 1);
            record[k] *= decay;
            ewma[k] = count == 1 ? raw : ewma[k] + alpha * (raw - ewma[k]);
            // a scale keeps a record once its EWMA has seen one span of data (so the start-up
            // transient sets no record) and scores from the second span on
            if (count > 2L * spans[k]) {
                double ratio = ewma[k] / (record[k] + 1e-12);
                best = Math.max(best, ratio / (1 + ratio));
            }
            if (count > spans[k]) {
                double candidate = ewma[k];
                if (growthCap > 0 && record[k] > 0) {
                    candidate = Math.min(candidate, growthCap * record[k]);
                }
                record[k] = Math.max(record[k], candidate);
            }
        }
        return best;
    }

    /** The record of the first scale: the raw score that the next event needs to set a record. */
    public double threshold() {
        return count == 0 ? Double.POSITIVE_INFINITY : record[0];
    }

    public void write(ByteBuffer out) {
        out.putLong(count);
        for (int k = 0; k < spans.length; k++) {
            out.putDouble(ewma[k]);
            out.putDouble(record[k]);
        }
    }

    public void read(ByteBuffer in) {
        count = in.getLong();
        for (int k = 0; k < spans.length; k++) {
            ewma[k] = in.getDouble();
            record[k] = in.getDouble();
        }
    }
}
