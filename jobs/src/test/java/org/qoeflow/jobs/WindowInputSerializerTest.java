package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.qoeflow.qoe.NodeWindowStats;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.qoe.WindowCombiner;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

class WindowInputSerializerTest {
    private static final WindowInputSerializer S = WindowInputSerializer.INSTANCE;
    private static final long START = 1_700_000_000_000L;

    private static byte[] bytes(WindowInput in) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        S.serialize(in, out);
        return out.getCopyOfBuffer();
    }

    private static WindowInput read(byte[] b) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(b);
        WindowInput w = S.deserialize(in);
        assertThat(in.available()).as("bytes left after one record").isZero();
        return w;
    }

    private static Telemetry event(long ts, Object payload) {
        return Telemetry.newBuilder()
                .setNodeId("edge-7")
                .setTier(Tier.EDGE)
                .setRegion("eu-west")
                .setDeviceClass("phone-high")
                .setModelVariant("tiny-int4")
                .setModelVersion("1")
                .setEventTime(Instant.ofEpochMilli(ts))
                .setAppliedControlVersion(3)
                .setPayload(payload)
                .build();
    }

    @Test
    void anEventAndAPartialSurviveTheRoundTrip() throws IOException {
        Telemetry t = event(START + 5, new RequestFact(10.0, 30.0, false, true, "r-1"));
        assertThat(read(bytes(WindowInput.of(t))).event()).isEqualTo(t);

        NodeWindowStats stats = new NodeWindowStats();
        for (int i = 0; i < 50; i++) {
            stats.add(
                    event(
                            START + i,
                            new RequestFact(i / 3.0, (double) i, i % 7 != 0, i % 2 == 0, null)));
        }
        stats.add(
                event(
                        START + 60,
                        new NodeSample(1500.0, 2000.0, 41.5, 900.0, 12.0, 58.0, 2, 3, 300.0)));
        WindowInput p = WindowInput.of(new WindowCombiner.Partial("edge-7", START, stats));
        WindowInput back = read(bytes(p));
        assertThat(back.nodeId()).isEqualTo("edge-7");
        assertThat(back.partial().start()).isEqualTo(START);
        QoeMath math = new QoeMath(QoeOptions.DEFAULTS);
        assertThat(back.partial().stats().toScore(START, START + 5000, 0, math))
                .isEqualTo(stats.toScore(START, START + 5000, 0, math));
        assertThat(S.copy(p).partial().stats().toScore(START, START + 5000, 0, math))
                .isEqualTo(stats.toScore(START, START + 5000, 0, math));
    }

    @Test
    void corruptBytesAreAnErrorNamingWhatWasWrong() throws IOException {
        assertThatThrownBy(() -> read(new byte[] {7})).hasMessageContaining("unknown tag 7");
        byte[] b =
                bytes(
                        WindowInput.of(
                                new WindowCombiner.Partial("n", START, new NodeWindowStats())));
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 4); // statistics cut short
        assertThatThrownBy(() -> read(cut)).isInstanceOf(IOException.class);
    }

    @Test
    void aWindowInputIsEitherAnEventOrAPartial() {
        assertThatThrownBy(() -> new WindowInput(null, null)).hasMessageContaining("either");
    }
}
