package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

class QoeWindowHarnessTest {
    private KeyedOneInputStreamOperatorTestHarness<String, WindowInput, QoeScore> harness;

    @SuppressWarnings("unchecked")
    @BeforeEach
    void setUp() throws Exception {
        JobOptions o =
                JobOptions.defaults("unused:9092")
                        .withWindow(Duration.ofSeconds(5), Duration.ofSeconds(5));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        var input =
                env.fromData(
                        List.of(TelemetryOrError.ok(request("n1", 1, 10))),
                        TypeInformation.of(TelemetryOrError.class));
        var scores = QoeScoringJob.build(input, o).scores();
        var transform = (OneInputTransformation<WindowInput, QoeScore>) scores.getTransformation();
        var op =
                (OneInputStreamOperator<WindowInput, QoeScore>)
                        ((SimpleOperatorFactory<QoeScore>) transform.getOperatorFactory())
                                .getOperator();
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(op, WindowInput::nodeId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static Telemetry request(String node, long time, double e2e) {
        return Telemetry.newBuilder()
                .setNodeId(node)
                .setTier(Tier.CLOUD)
                .setRegion("eu-west")
                .setDeviceClass("gpu-a100")
                .setModelVariant("large-fp16")
                .setModelVersion("1")
                .setEventTime(Instant.ofEpochMilli(time))
                .setAppliedControlVersion(4)
                .setPayload(new RequestFact(e2e / 2, e2e, e2e < 400, false, null))
                .build();
    }

    private void push(Telemetry t) throws Exception {
        harness.processElement(
                new StreamRecord<>(WindowInput.of(t), t.getEventTime().toEpochMilli()));
    }

    private List<QoeScore> scores() {
        ConcurrentLinkedQueue<Object> out = harness.getOutput();
        return out.stream()
                .filter(o -> o instanceof StreamRecord<?>)
                .map(o -> (QoeScore) ((StreamRecord<?>) o).getValue())
                .toList();
    }

    @Test
    void outOfOrderEventsLandInTheirWindowAndScoresMatchTheMath() throws Exception {
        push(request("n1", 3000, 300));
        push(request("n1", 1000, 100));
        push(request("n1", 6000, 600)); // next window
        push(request("n1", 2000, 500)); // out of order, still before the watermark
        harness.processWatermark(4999);

        List<QoeScore> out = scores();
        assertThat(out).hasSize(1);
        QoeScore s = out.get(0);
        assertThat(s.getWindowStart().toEpochMilli()).isZero();
        assertThat(s.getRequestCount()).isEqualTo(3);
        assertThat(s.getSuccessRate()).isCloseTo(2 / 3.0, within(1e-12));
        // 3 values: p95 is the largest, 500 ms -> min(500/500,1)*0.6 + (1/3)*0.4
        assertThat(s.getLatencyP95Ms()).isEqualTo(500.0);
        assertThat(s.getLoadWeight()).isCloseTo(0.6 + 0.4 / 3, within(1e-12));
        assertThat(s.getAppliedControlVersion()).isEqualTo(4);
    }

    @Test
    void lateEventWithinLatenessRefiresAndBeyondGoesToSideOutput() throws Exception {
        push(request("n1", 1000, 100));
        harness.processWatermark(6000);
        assertThat(scores()).hasSize(1);

        push(request("n1", 4000, 200)); // late, but within 5 s allowed lateness
        List<QoeScore> refired = scores();
        assertThat(refired).hasSize(2);
        assertThat(refired.get(1).getRevision()).isEqualTo(1);
        assertThat(refired.get(1).getRequestCount()).isEqualTo(2);

        harness.processWatermark(10_000); // window [0,5s) is now gone
        push(request("n1", 4500, 200));
        assertThat(scores()).hasSize(2);
        var late = harness.getSideOutput(QoeScoringJob.LATE);
        assertThat(late).hasSize(1);
        assertThat(late.peek().getValue().getEventTime().toEpochMilli()).isEqualTo(4500);
    }

    @Test
    void windowStateIsClearedAfterLateness() throws Exception {
        push(request("n1", 1000, 100));
        push(request("n2", 1000, 100));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark(20_000);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void sameRequestReplayedAThousandTimesCountsOnceAndDistinctIdsSeparately() throws Exception {
        Telemetry once = request("n1", 1000, 100);
        ((RequestFact) once.getPayload()).setRequestId("req-1");
        for (int i = 0; i < 1000; i++) {
            push(Telemetry.newBuilder(once).build());
        }
        for (int i = 0; i < 3; i++) {
            Telemetry other = request("n1", 2000 + i, 200);
            ((RequestFact) other.getPayload()).setRequestId("req-other-" + i);
            push(other);
        }
        // the window's whole state is one accumulator per node, whatever the replay count
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.processWatermark(4999);

        List<QoeScore> out = scores();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getRequestCount()).isEqualTo(4);
        harness.processWatermark(20_000);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
