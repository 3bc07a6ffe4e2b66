package org.qoeflow.jobs.cohort;

import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.QoeScore;

/**
 * The cohort topology: QoE scores keyed by region x device class into the scores' own tumbling
 * windows (a score's timestamp is its window's last millisecond), one verdict per model variant and
 * one group-shift verdict per region x class window (the group against itself {@link
 * CohortOptions#shiftLagMillis()} earlier). Operator uid {@code cohort-analysis} is unchanged: the
 * group check adds two keyed states, which a savepoint taken before it restores as empty.
 */
public final class CohortScoringJob {
    /** A region x class quiet this long forgets its failing-window counts. */
    public static final Duration STATE_TTL = Duration.ofMinutes(10);

    private CohortScoringJob() {}

    public static DataStream<CohortVerdict> build(
            DataStream<QoeScore> scores, Duration window, CohortOptions options) {
        if (options.shiftLagMillis() % window.toMillis() != 0) {
            throw new IllegalArgumentException(
                    "cohort option shiftLagMillis ("
                            + options.shiftLagMillis()
                            + ") must be a multiple of the window size ("
                            + window.toMillis()
                            + " ms)");
        }
        return scores.keyBy(CohortRecords::group)
                .window(TumblingEventTimeWindows.of(window))
                .process(new CohortWindow(options, STATE_TTL))
                .name("cohort-analysis")
                .uid("cohort-analysis");
    }
}
