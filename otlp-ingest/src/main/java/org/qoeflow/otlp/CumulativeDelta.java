package org.qoeflow.otlp;

import java.util.Arrays;

/**
 * Per-series conversion of cumulative counters and histograms to deltas, with reset detection and
 * out-of-order dropping, as the Collector's {@code cumulativetodelta} processor does: the first
 * point of a series is its baseline (what it counted before is of unknown age); a later point
 * yields its increase; a decrease (the server restarted) or a start time after the previous point
 * is a reset, and the point's whole value is the increase since the restart. Gauges and delta
 * points pass unchanged. A point not newer than the series' last one is dropped.
 */
public final class CumulativeDelta {
    private CumulativeDelta() {}

    /** What became of one point. */
    public enum Outcome {
        /** A gauge or delta point, passed on. */
        PASSED,
        /** A cumulative point; its increase is passed on (nothing when it did not increase). */
        DELTA,
        /**
         * The first cumulative point of the series, or one after a start-time change: kept only.
         */
        BASELINE,
        /** The series restarted: the point's whole value is passed on. */
        RESET,
        /** Not newer than the last point of its series: dropped. */
        OUT_OF_ORDER
    }

    /** The outcome, the point to emit (null when none), and the series' next state. */
    public record Step(Outcome outcome, MetricPoint emit, SeriesState state) {}

    /** One step of {@code p}'s series from {@code previous} (null for a new series). */
    public static Step next(SeriesState previous, MetricPoint p) {
        if (previous != null && p.timeNanos <= previous.timeNanos) {
            return new Step(Outcome.OUT_OF_ORDER, null, previous);
        }
        SeriesState state = SeriesState.of(p);
        if (!p.cumulative) {
            return new Step(Outcome.PASSED, p, state);
        }
        if (previous == null
                || !previous.hasTotals
                || !Arrays.equals(previous.boundsMs, p.boundsMs)
                || previous.counts.length != p.counts.length) {
            return new Step(Outcome.BASELINE, null, state);
        }
        if (decreased(previous, p) || restartedSince(previous, p)) {
            return new Step(Outcome.RESET, p.copy(), state);
        }
        if (p.startNanos > previous.startNanos) {
            // a new start time the value did not follow (the producer re-based, e.g. a Collector
            // restart sets start = first scrape): the increase is unknown, so start over
            return new Step(Outcome.BASELINE, null, state);
        }
        MetricPoint d = p.copy();
        d.value = p.value - previous.value;
        boolean any = d.value > 0;
        for (int i = 0; i < d.counts.length; i++) {
            d.counts[i] = p.counts[i] - previous.counts[i];
            any |= d.counts[i] > 0;
        }
        d.cumulative = false;
        return new Step(Outcome.DELTA, any ? d : null, state);
    }

    private static boolean decreased(SeriesState previous, MetricPoint p) {
        if (p.value < previous.value) {
            return true;
        }
        for (int i = 0; i < p.counts.length; i++) {
            if (p.counts[i] < previous.counts[i]) {
                return true;
            }
        }
        return false;
    }

    /** A known start time after the previous point: everything counted is newer than it. */
    private static boolean restartedSince(SeriesState previous, MetricPoint p) {
        return p.startNanos > previous.timeNanos && p.startNanos < p.timeNanos;
    }
}
