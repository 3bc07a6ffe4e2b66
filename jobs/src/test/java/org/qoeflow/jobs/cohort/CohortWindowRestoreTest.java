package org.qoeflow.jobs.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qoeflow.jobs.cohort.CohortWindowHarnessTest.score;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.jobs.SerializerTypeInfo;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/**
 * A savepoint of the cohort analysis as the job built it before its scores had their own serializer
 * ({@code .window(..)} on a stream of Flink's Avro type: the window contents held with Avro)
 * restores into today's operator, whose input is {@code QoeScoreSerializer}; the window that was
 * half full at the savepoint fires with every score.
 */
class CohortWindowRestoreTest {
    private static final long W = 5000;

    @SuppressWarnings("unchecked")
    private static OneInputStreamOperator<QoeScore, CohortVerdict> operator(
            DataStream<CohortVerdict> verdicts) {
        var transform =
                (OneInputTransformation<QoeScore, CohortVerdict>) verdicts.getTransformation();
        return (OneInputStreamOperator<QoeScore, CohortVerdict>)
                ((SimpleOperatorFactory<CohortVerdict>) transform.getOperatorFactory())
                        .getOperator();
    }

    private static DataStream<QoeScore> scores(TypeInformation<QoeScore> type) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        return env.fromData(List.of(score("n", "v", 0, 100, Tier.EDGE)), type);
    }

    /** The operator as {@code CohortScoringJob} built it before issue #13. */
    private static OneInputStreamOperator<QoeScore, CohortVerdict> before(
            TypeInformation<QoeScore> streamType) {
        return operator(
                scores(streamType)
                        .keyBy(CohortRecords::group)
                        .window(TumblingEventTimeWindows.of(Duration.ofMillis(W)))
                        .process(
                                new CohortWindow(
                                        CohortOptions.DEFAULTS, CohortScoringJob.STATE_TTL))
                        .uid("cohort-analysis"));
    }

    private static OneInputStreamOperator<QoeScore, CohortVerdict> today() {
        return operator(
                CohortScoringJob.build(
                        scores(SerializerTypeInfo.QOE_SCORE),
                        Duration.ofMillis(W),
                        CohortOptions.DEFAULTS));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, QoeScore, CohortVerdict> harness(
            OneInputStreamOperator<QoeScore, CohortVerdict> op, StateBackend backend)
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        op, CohortRecords::group, Types.STRING);
        h.setStateBackend(backend);
        return h;
    }

    private static StateBackend backend(boolean rocksDb) {
        return rocksDb ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }

    /** Half of window 0 (12 edge nodes, every other one on the canary), then a savepoint. */
    private static OperatorSubtaskState halfAWindowBefore(boolean rocksDb) throws Exception {
        try (var h = harness(before(TypeInformation.of(QoeScore.class)), backend(rocksDb))) {
            h.open();
            for (int i = 0; i < 12; i++) {
                push(h, i);
            }
            assertThat(h.extractOutputValues()).isEmpty();
            return h.snapshot(1, 1);
        }
    }

    private static void push(
            KeyedOneInputStreamOperatorTestHarness<String, QoeScore, CohortVerdict> h, int i)
            throws Exception {
        boolean canary = i % 2 == 1;
        QoeScore s = score("edge-" + i, canary ? "new" : "old", 0, canary ? 330 : 220, Tier.EDGE);
        h.processElement(new StreamRecord<>(s, W - 1));
    }

    @ParameterizedTest(name = "rocksDb={0}")
    @ValueSource(booleans = {false, true})
    void aSavepointOfTheAvroTypedWindowRestoresAndItsWindowFiresWithEveryScore(boolean rocksDb)
            throws Exception {
        OperatorSubtaskState savepoint = halfAWindowBefore(rocksDb);
        try (var h = harness(today(), backend(rocksDb))) {
            h.initializeState(savepoint);
            h.open();
            for (int i = 12; i < 24; i++) {
                push(h, i);
            }
            h.processWatermark(W - 1);
            List<CohortVerdict> verdicts = h.extractOutputValues();
            assertThat(verdicts)
                    .filteredOn(v -> v.getModelVariant().equals("new"))
                    .singleElement()
                    .satisfies(v -> assertThat(v.getCohortNodes()).isEqualTo(12))
                    .satisfies(v -> assertThat(v.getBaselineNodes()).isEqualTo(12));
        }
    }

    @ParameterizedTest(name = "rocksDb={0}")
    @ValueSource(booleans = {false, true})
    void theWindowBuiltOnTheNewStreamTypeWithoutCareWouldNotRestoreIt(boolean rocksDb)
            throws Exception {
        OperatorSubtaskState savepoint = halfAWindowBefore(rocksDb);
        var naive = harness(before(SerializerTypeInfo.QOE_SCORE), backend(rocksDb));
        assertThatThrownBy(
                        () -> {
                            try (naive) {
                                naive.initializeState(savepoint);
                                naive.open();
                                push(naive, 12);
                            }
                        })
                .hasStackTraceContaining("must not be incompatible with the old state serializer");
    }
}
