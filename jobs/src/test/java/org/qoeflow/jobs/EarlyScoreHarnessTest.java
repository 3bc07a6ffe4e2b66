package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qoeflow.jobs.QoeWindowHarnessTest.request;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.QoeScore;

/**
 * The window operator's partial scores, with one state value per node (heap backends) and one per
 * node and window (the layout for RocksDB): a request succeeds under 400 ms in {@link
 * QoeWindowHarnessTest#request}.
 */
class EarlyScoreHarnessTest {
    private static KeyedOneInputStreamOperatorTestHarness<String, WindowInput, QoeScore> harness(
            boolean perWindow, QoeOptions options) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new NodeWindowOperator(
                                Duration.ofSeconds(5), Duration.ofSeconds(5), options, perWindow),
                        WindowInput::nodeId,
                        Types.STRING);
        h.open();
        return h;
    }

    private static void push(
            KeyedOneInputStreamOperatorTestHarness<String, WindowInput, QoeScore> h,
            String node,
            long time,
            double e2e)
            throws Exception {
        h.processElement(new StreamRecord<>(WindowInput.of(request(node, time, e2e)), time));
    }

    /** 40 successful requests in window [0, 5 s), 5 more and then failures from 5 s on. */
    private static void healthyThenFailing(
            KeyedOneInputStreamOperatorTestHarness<String, WindowInput, QoeScore> h, int failures)
            throws Exception {
        for (int i = 0; i < 40; i++) {
            push(h, "n1", i * 100, 100);
        }
        for (int i = 0; i < 5; i++) {
            push(h, "n1", 5000 + i * 100, 100);
        }
        for (int i = 0; i < failures; i++) {
            push(h, "n1", 5500 + i * 100, 900);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWindowFailingMidWayGetsOnePartialScoreAtOnceAndItsFullScoreAsRevisionOne(
            boolean perWindow) throws Exception {
        try (var h = harness(perWindow, QoeOptions.DEFAULTS)) {
            healthyThenFailing(h, 6);
            // no watermark has passed either window: only the partial score is out
            List<QoeScore> early = h.extractOutputValues();
            assertThat(early).hasSize(1);
            QoeScore partial = early.get(0);
            assertThat(partial.getPartial()).isTrue();
            assertThat(partial.getRevision()).isZero();
            assertThat(partial.getWindowStart().toEpochMilli()).isEqualTo(5000);
            // at 5 of 10 failed against 0 of 40: p = C(10,5) / C(50,5) = 1.2e-4, under 0.001
            assertThat(partial.getRequestCount()).isEqualTo(10);
            assertThat(partial.getSuccessRate()).isEqualTo(0.5);

            for (int i = 0; i < 20; i++) {
                push(h, "n1", 6200 + i * 100, 900); // more failures: no second partial score
            }
            h.processWatermark(9999);
            List<QoeScore> out = h.extractOutputValues();
            assertThat(out).hasSize(3);
            assertThat(out.get(1).getWindowStart().toEpochMilli()).isZero();
            assertThat(out.get(1).getPartial()).isFalse();
            assertThat(out.get(1).getRevision()).isZero();
            QoeScore full = out.get(2);
            assertThat(full.getWindowStart().toEpochMilli()).isEqualTo(5000);
            assertThat(full.getPartial()).isFalse();
            assertThat(full.getRevision()).isEqualTo(1);
            assertThat(full.getRequestCount()).isEqualTo(31);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aNodeFailingAsUsualOrWithoutAPreviousWindowGetsNoPartialScore(boolean perWindow)
            throws Exception {
        try (var h = harness(perWindow, QoeOptions.DEFAULTS)) {
            for (int w = 0; w < 3; w++) {
                for (int i = 0; i < 40; i++) {
                    // a third of the requests fail, in every window
                    push(h, "steady", w * 5000 + i * 100, i % 3 == 0 ? 900 : 100);
                    push(h, "new", w * 5000 + i * 100, 900); // fails from its first request
                }
            }
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(14_999);
            assertThat(h.extractOutputValues()).hasSize(6).noneMatch(QoeScore::getPartial);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aPartialScoreSurvivesACheckpointAndTheFullScoreFollowsAsRevisionOne(boolean perWindow)
            throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(perWindow, QoeOptions.DEFAULTS)) {
            healthyThenFailing(h, 6);
            assertThat(h.extractOutputValues()).hasSize(1);
            snapshot = h.snapshot(1, 1);
        }
        var restored =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new NodeWindowOperator(
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(5),
                                QoeOptions.DEFAULTS,
                                perWindow),
                        WindowInput::nodeId,
                        Types.STRING);
        try (restored) {
            restored.initializeState(snapshot);
            restored.open();
            push(restored, "n1", 7000, 900); // the window has had its partial score
            restored.processWatermark(9999);
            List<QoeScore> out = restored.extractOutputValues();
            assertThat(out).hasSize(2);
            assertThat(out.get(1).getPartial()).isFalse();
            assertThat(out.get(1).getRevision()).isEqualTo(1);
            assertThat(out.get(1).getRequestCount()).isEqualTo(12);
            restored.processWatermark(30_000);
            assertThat(restored.numKeyedStateEntries()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void alphaZeroEmitsNoPartialScore(boolean perWindow) throws Exception {
        QoeOptions off = QoeOptions.DEFAULTS.withOverrides(Map.of("earlyScoreAlpha", "0"));
        try (var h = harness(perWindow, off)) {
            healthyThenFailing(h, 30);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(9999);
            assertThat(h.extractOutputValues())
                    .hasSize(2)
                    .allMatch(s -> s.getRevision() == 0 && !s.getPartial());
        }
    }
}
