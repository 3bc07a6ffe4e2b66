package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qoeflow.jobs.QoeWindowHarnessTest.request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.Telemetry;

/**
 * The combiner as the job runs it: what it sends, and that every partial of a window is out before
 * the watermark, checkpoint barrier or idleness that could let the window operator close it.
 */
class CombineWindowsHarnessTest {
    private static OneInputStreamOperatorTestHarness<Telemetry, WindowInput> harness()
            throws Exception {
        var h =
                new OneInputStreamOperatorTestHarness<>(
                        new CombineWindowsOperator(Duration.ofSeconds(5), QoeOptions.DEFAULTS));
        h.setup(SerializerTypeInfo.WINDOW_INPUT.createSerializer(null));
        h.open();
        return h;
    }

    private static void push(
            OneInputStreamOperatorTestHarness<Telemetry, WindowInput> h, String node, long t)
            throws Exception {
        h.processElement(new StreamRecord<>(request(node, t, 100), t));
    }

    /** The output in order: "partial node@start", "event node", "wm T", "idle", "active". */
    private static List<String> output(OneInputStreamOperatorTestHarness<?, WindowInput> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof WindowInput in) {
                out.add(
                        in.partial() != null
                                ? "partial " + in.nodeId() + "@" + in.partial().start()
                                : "event " + in.nodeId());
            } else if (o instanceof Watermark w) {
                out.add("wm " + w.getTimestamp());
            } else if (o instanceof WatermarkStatus s) {
                out.add(s.isIdle() ? "idle" : "active");
            }
        }
        return out;
    }

    @Test
    void aWindowsPartialsGoBeforeTheWatermarkThatClosesIt() throws Exception {
        try (var h = harness()) {
            for (int i = 0; i < 10; i++) {
                push(h, "a", 100 + i * 100);
                push(h, "b", 150 + i * 100);
            }
            push(h, "a", 5200); // a's next window: its window 0 goes at once, marked moved on
            assertThat(output(h)).containsExactly("partial a@0");
            assertThat(
                            ((WindowInput) ((StreamRecord<?>) h.getOutput().peek()).getValue())
                                    .partial()
                                    .nodeMovedOn())
                    .isTrue();
            h.processWatermark(4998);
            assertThat(output(h)).containsExactly("partial a@0", "wm 4998");
            h.processWatermark(4999);
            assertThat(output(h).subList(2, 4)).containsExactly("partial b@0", "wm 4999");
            push(h, "b", 4000); // its window has closed here: sent on as it is
            assertThat(output(h).get(4)).isEqualTo("event b");
        }
    }

    @Test
    void goingIdleSendsEveryPendingPartialFirst() throws Exception {
        try (var h = harness()) {
            push(h, "a", 100);
            push(h, "a", 5100);
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            assertThat(output(h)).containsExactly("partial a@0", "partial a@5000", "idle");
        }
    }

    @Test
    void aCheckpointBarrierSendsEveryPendingPartialFirstAndKeepsNoState() throws Exception {
        try (var h = harness()) {
            push(h, "a", 100);
            push(h, "b", 200);
            h.prepareSnapshotPreBarrier(1);
            var snapshot = h.snapshot(1, 1);
            assertThat(output(h)).containsExactlyInAnyOrder("partial a@0", "partial b@0");
            assertThat(snapshot.getManagedOperatorState()).isEmpty();
            assertThat(snapshot.getManagedKeyedState()).isEmpty();
        }
    }

    @Test
    void aPartialWhoseNodeMovedOnClosesItsWindowBeforeTheWatermarkAndStragglersReviseIt()
            throws Exception {
        var window = new org.qoeflow.qoe.NodeWindowStats();
        for (int i = 0; i < 7; i++) {
            window.add(request("a", 100 + i * 500, 100));
        }
        var straggler = new org.qoeflow.qoe.NodeWindowStats();
        straggler.add(request("a", 4900, 3000));
        try (var h =
                new org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness<>(
                        new NodeWindowOperator(
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(5),
                                QoeOptions.DEFAULTS,
                                false),
                        WindowInput::nodeId,
                        org.apache.flink.api.common.typeinfo.Types.STRING)) {
            h.open();
            h.processWatermark(3000);
            h.processElement(
                    new StreamRecord<>(
                            WindowInput.of(
                                    new org.qoeflow.qoe.WindowCombiner.Partial(
                                            "a", 0, window, true)),
                            0));
            var scores = h.extractOutputValues();
            assertThat(scores).singleElement();
            assertThat(scores.get(0).getRevision()).isZero();
            assertThat(scores.get(0).getPartial()).isFalse();
            assertThat(scores.get(0).getRequestCount()).isEqualTo(7);
            h.processElement(
                    new StreamRecord<>(
                            WindowInput.of(
                                    new org.qoeflow.qoe.WindowCombiner.Partial("a", 0, straggler)),
                            0));
            // an empty moved-on partial (a resent mark) changes nothing and emits nothing
            h.processElement(
                    new StreamRecord<>(
                            WindowInput.of(
                                    new org.qoeflow.qoe.WindowCombiner.Partial(
                                            "a", 0, new org.qoeflow.qoe.NodeWindowStats(), true)),
                            0));
            h.processWatermark(4999); // the window's end: nothing more to fire
            scores = h.extractOutputValues();
            assertThat(scores).hasSize(2);
            assertThat(scores.get(1).getRevision()).isEqualTo(1);
            assertThat(scores.get(1).getRequestCount()).isEqualTo(8);
            h.processWatermark(9999); // its lateness has passed: nothing left
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.extractOutputValues()).hasSize(2);
        }
    }

    @Test
    void aPartialAfterItsWindowsLatenessIsADeadLetterCountingItsEvents() throws Exception {
        var stats = new org.qoeflow.qoe.NodeWindowStats();
        for (int i = 0; i < 7; i++) {
            stats.add(request("a", 100 + i, 100));
        }
        var late = WindowInput.of(new org.qoeflow.qoe.WindowCombiner.Partial("a", 0, stats));
        try (var h =
                new org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness<>(
                        new NodeWindowOperator(
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(5),
                                QoeOptions.DEFAULTS,
                                false),
                        WindowInput::nodeId,
                        org.apache.flink.api.common.typeinfo.Types.STRING)) {
            h.open();
            h.processWatermark(20_000); // the window [0, 5 s) and its lateness have passed
            h.processElement(new StreamRecord<>(late, 0));
            assertThat(h.extractOutputValues()).isEmpty();
            var side = h.getSideOutput(QoeScoringJob.LATE_PARTIALS);
            assertThat(side).hasSize(1);
            org.qoeflow.schema.DeadLetter letter;
            try (var map =
                    new OneInputStreamOperatorTestHarness<>(
                            new org.apache.flink.streaming.api.operators.StreamMap<>(
                                    new LateEventToDeadLetter.Partials()))) {
                map.open();
                map.processElement(side.peek());
                letter = map.extractOutputValues().get(0);
            }
            assertThat(letter.getErrorClass()).isEqualTo("LateEvent");
            assertThat(letter.getErrorMessage()).startsWith("7 requests and 0 samples");
            var back =
                    org.qoeflow.qoe.NodeWindowsCodec.readStats(
                            new java.io.ByteArrayInputStream(bytes(letter.getOriginalValue())), 0);
            assertThat(back.requests()).isEqualTo(7);
        }
    }

    private static byte[] bytes(java.nio.ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
