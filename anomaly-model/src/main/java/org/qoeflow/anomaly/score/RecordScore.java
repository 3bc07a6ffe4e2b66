package org.qoeflow.anomaly.score;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Nonparametric dynamic threshold over several timescales: each scale smooths a raw score with an
 * EWMA and compares it with the largest smoothed value seen so far (its record).
 *
 * <p>Uncalibrated, the score of a scale is {@code r / (1 + r)} with {@code r = smoothed / record},
 * so 0.5 marks a new record. Calibrated by record rate, each scale also tracks how often it has set
 * records lately ({@code rho}, an EWMA over {@code rateHorizon} scored events, floored at one per
 * horizon) and its surprise is {@code S = sharpness * ln(r) - ln(rho)}, read as {@code -ln p} of a
 * power-law tail beyond the record: a record means more on a scale that rarely sets one than on a
 * noisy or young scale that sets them all the time. The score is {@code S / (S +} {@link
 * #ALERT_SURPRISE}{@code )}. Either way the result is the maximum over scales; since the map is the
 * same for every calibrated stream, the maximum of several streams' scores is the score of their
 * largest surprise.
 */
public final class RecordScore {
    /**
     * Surprise (nats) that scores 0.5: about a one-in-700 event given the scale's record rate. It
     * does not change which events rank higher; it puts the default alert score where the NAB
     * threshold lands, and no record of a stationary noisy series reaches it.
     */
    public static final double ALERT_SURPRISE = 6.5;

    private final int[] spans;
    private final double[] ewma;
    private final double[] record;
    private final float[] rate;
    private final double decay;
    private final double growthCap;
    private final int rateHorizon;
    private final float ratePrior;
    private final double sharpness;
    private final double rateFloor;
    private final double lnRateFloor;
    private final double minRatio;
    private long count;

    /** Records that never decay. */
    public RecordScore(List<Integer> spans) {
        this(spans, 0, 0);
    }

    /**
     * Records that halve over {@code halfLife} events (0 = never) and grow by at most {@code
     * growthCap} times per event (0 = unlimited); uncalibrated.
     */
    public RecordScore(List<Integer> spans, int halfLife, double growthCap) {
        this(spans, halfLife, growthCap, 0, 0, 0);
    }

    /**
     * As {@link #RecordScore(List, int, double)}, calibrated by each scale's record rate over
     * {@code rateHorizon} events (0 = uncalibrated, the other two are then ignored), starting from
     * {@code ratePrior} in (0, 1), with {@code sharpness} > 0 weighting how far a record is beaten.
     */
    public RecordScore(
            List<Integer> spans,
            int halfLife,
            double growthCap,
            int rateHorizon,
            double ratePrior,
            double sharpness) {
        this.growthCap = growthCap;
        this.decay = halfLife == 0 ? 1.0 : Math.pow(0.5, 1.0 / halfLife);
        this.spans = spans.stream().mapToInt(Integer::intValue).toArray();
        this.ewma = new double[this.spans.length];
        this.record = new double[this.spans.length];
        this.rateHorizon = rateHorizon;
        this.rate = new float[rateHorizon > 0 ? this.spans.length : 0];
        this.ratePrior = (float) ratePrior;
        this.sharpness = sharpness;
        this.rateFloor = rateHorizon > 0 ? 1.0 / rateHorizon : 0;
        this.lnRateFloor = rateHorizon > 0 ? Math.log(rateFloor) : 0;
        // below this ratio the surprise cannot be positive even at the lowest rate
        this.minRatio = rateHorizon > 0 ? Math.exp(lnRateFloor / sharpness) : 0;
        Arrays.fill(rate, this.ratePrior);
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
                best = Math.max(best, rateHorizon > 0 ? calibrated(k, ratio) : ratio / (1 + ratio));
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

    /** Scores one scale's ratio by its surprise, then counts whether it was a record. */
    private double calibrated(int k, double ratio) {
        double surprise = 0;
        if (ratio > minRatio) { // skips both logarithms for most events
            double lnRate = rate[k] > rateFloor ? Math.log(rate[k]) : lnRateFloor;
            surprise = sharpness * Math.log(ratio) - lnRate;
        }
        // float state, so that a restored series continues bit-identically
        rate[k] = (float) (rate[k] + ((ratio >= 1 ? 1.0 : 0.0) - rate[k]) / rateHorizon);
        return surprise > 0 ? surprise / (surprise + ALERT_SURPRISE) : 0.0;
    }

    /**
     * The record of the first scale: the raw score that the next event needs to set a record (when
     * calibrated, a score of 0.5 may need a little more or a little less, see the class comment).
     */
    public double threshold() {
        return count == 0 ? Double.POSITIVE_INFINITY : record[0];
    }

    /** Bytes written by {@link #write}. */
    public static int stateBytes(int scales, boolean calibrated) {
        return 8 + scales * (16 + (calibrated ? 4 : 0));
    }

    public void write(ByteBuffer out) {
        out.putLong(count);
        for (int k = 0; k < spans.length; k++) {
            out.putDouble(ewma[k]);
            out.putDouble(record[k]);
        }
        for (float r : rate) {
            out.putFloat(r);
        }
    }

    public void read(ByteBuffer in) {
        read(in, true);
    }

    /**
     * Reads the state; without {@code withRates} (a state written before calibration existed) the
     * record rates restart from the prior.
     */
    public void read(ByteBuffer in, boolean withRates) {
        count = in.getLong();
        for (int k = 0; k < spans.length; k++) {
            ewma[k] = in.getDouble();
            record[k] = in.getDouble();
        }
        for (int k = 0; k < rate.length; k++) {
            rate[k] = withRates ? in.getFloat() : ratePrior;
        }
    }
}
