package org.qoeflow.anomaly.score;

import java.nio.ByteBuffer;

/**
 * The last stage of the detector, shared by the job, the NAB run and the fleet evaluation: turns
 * the record score of one event into the emitted score and the alert. A score that is not the
 * highest of the recent ones (the {@link Suppressor}) or whose raw forecast error does not reach
 * {@code margin} times the previous error record is lowered below {@code alertScore}, so "score >=
 * alertScore" and "alert" are the same rule.
 */
public final class AlertRule {
    /**
     * A suppressed or unconfirmed score is multiplied by this times the alert score (0.49 at the
     * default 0.5), which keeps even a range hit (1) below the alert score.
     */
    public static final double DAMPING = 0.98;

    private final double alertScore;
    private final double margin;
    private final Suppressor suppressor;
    private double score;

    /**
     * @param alertScore score at or above which the event alerts, in (0, 1)
     * @param suppressEvents window of the suppressor (0 = none)
     * @param margin 0 (off) or >= 1: the raw error must reach this many times the previous record
     */
    public AlertRule(double alertScore, int suppressEvents, double margin) {
        this.alertScore = alertScore;
        this.margin = margin;
        this.suppressor = new Suppressor(suppressEvents);
    }

    /**
     * Emits the score of one scored event: {@code recordScore} in [0, 1] (1 for a range hit),
     * {@code raw} the event's forecast error and {@code previousRecord} the 1-step error record
     * before this event.
     */
    public double apply(double recordScore, double raw, double previousRecord) {
        // the margin first: an unconfirmed score must not suppress a confirmed one after it
        double s = recordScore;
        if (margin > 0 && s >= alertScore && !(raw >= margin * previousRecord)) {
            s *= DAMPING * alertScore;
        }
        double kept = suppressor.apply(s);
        if (kept < s) {
            s = DAMPING * alertScore * s;
        }
        score = s;
        return s;
    }

    /** Whether the last emitted score alerts. */
    public boolean alert() {
        return score >= alertScore;
    }

    /** The raw error the next event needs, given the 1-step error record. */
    public double rawThreshold(double record) {
        return margin > 0 ? margin * record : record;
    }

    public void write(ByteBuffer out) {
        suppressor.write(out);
    }

    public void read(ByteBuffer in) {
        suppressor.read(in);
    }
}
