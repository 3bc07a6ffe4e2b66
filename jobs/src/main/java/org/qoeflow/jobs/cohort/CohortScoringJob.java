package org.qoeflow.jobs.cohort;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.QoeScore;

/**
 * The cohort topology: QoE scores keyed by region x device class into the scores' own tumbling
 * windows (a score's timestamp is its window's last millisecond), one verdict per model variant and
 * one group-shift verdict per region x class window (the group against itself {@link
 * CohortOptions#shiftLagMillis()} earlier). Operator uid {@code cohort-analysis} is unchanged: the
 * group check adds two keyed states, which a savepoint taken before it restores as empty.
 *
 * <p>The scores arrive with the job's own serializer ({@code QoeScoreSerializer}), but the window's
 * contents (the stock window operator's {@code window-contents} list state) keep Flink's Avro
 * serializer that {@code .window(..)} on the score stream used to give them: so the operator is
 * built here with that state type, and savepoints of earlier jobs restore.
 */
public final class CohortScoringJob {
    /** A region x class quiet this long forgets its failing-window counts. */
    public static final Duration STATE_TTL = Duration.ofMinutes(10);

    /** Type of the scores in the window state: Flink's Avro type, as before issue #13. */
    public static final TypeInformation<QoeScore> WINDOW_CONTENTS =
            TypeInformation.of(QoeScore.class);

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
        KeyedStream<QoeScore, String> groups = scores.keyBy(CohortRecords::group);
        var assigner = TumblingEventTimeWindows.of(window);
        WindowOperatorBuilder<QoeScore, String, TimeWindow> builder =
                new WindowOperatorBuilder<>(
                        assigner,
                        assigner.getDefaultTrigger(),
                        groups.getExecutionConfig(),
                        WINDOW_CONTENTS,
                        groups.getKeySelector(),
                        groups.getKeyType());
        CohortWindow function = new CohortWindow(options, STATE_TTL);
        OneInputStreamOperator<QoeScore, CohortVerdict> operator = builder.process(function);
        return groups.transform(
                        builder.generateOperatorName(),
                        TypeInformation.of(CohortVerdict.class),
                        operator)
                .setDescription(builder.generateOperatorDescription(function, null))
                .name("cohort-analysis")
                .uid("cohort-analysis");
    }
}
