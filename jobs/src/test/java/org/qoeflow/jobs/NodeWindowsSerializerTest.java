package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.qoeflow.qoe.NodeWindowStats;
import org.qoeflow.qoe.NodeWindows;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

class NodeWindowsSerializerTest {
    private static final NodeWindowsSerializer S = NodeWindowsSerializer.INSTANCE;
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void roundTripsOneOpenAndOneLatenessWindow() throws IOException {
        NodeWindows w = windows(new Random(1));
        assertSame(read(bytes(w)), w);
    }

    @Test
    void restoresStateWrittenInFormat1() throws IOException {
        NodeWindows w = windows(new Random(2));
        DataOutputSerializer out = new DataOutputSerializer(1024);
        NodeWindowsSerializer.serializeFormat1(w, out);
        byte[] format1 = out.getCopyOfBuffer();
        assertSame(read(format1), w);
        assertThat(bytes(w).length).isLessThan(format1.length);
        assertSame(read(bytes(new NodeWindows())), new NodeWindows());
    }

    @Test
    void copiesSerializedStateInBothFormats() throws IOException {
        NodeWindows w = windows(new Random(3));
        DataOutputSerializer old = new DataOutputSerializer(1024);
        NodeWindowsSerializer.serializeFormat1(w, old);
        DataOutputSerializer copied = new DataOutputSerializer(1024);
        S.copy(new DataInputDeserializer(old.getCopyOfBuffer()), copied);
        // format 1 held sketches, so the copy holds them as sketches where a fresh write keeps a
        // window's few latencies as values: the same windows either way
        NodeWindows back = read(copied.getCopyOfBuffer());
        NodeWindows fresh = read(bytes(w));
        assertThat(back.size()).isEqualTo(w.size());
        for (int i = 0; i < w.size(); i++) {
            assertThat(back.start(i)).isEqualTo(w.start(i));
            assertThat(back.revision(i)).isEqualTo(w.revision(i));
            assertThat(back.stats(i).toBytes()).isEqualTo(w.stats(i).toBytes());
            assertThat(fresh.stats(i).toBytes()).isEqualTo(w.stats(i).toBytes());
        }
    }

    @Test
    void unknownFormatIsAnError() {
        assertThatThrownBy(() -> read(new byte[] {7, 0, 0}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format byte 7");
        assertThatThrownBy(() -> read(new byte[] {0, 0, 0x20, 0}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("8192 windows");
    }

    private static NodeWindows windows(Random r) {
        NodeWindows w = new NodeWindows();
        NodeWindowStats lateness = w.stats(w.open(T0));
        NodeWindowStats open = w.stats(w.open(T0 + 5000));
        w.fire(0);
        for (int i = 0; i < 30; i++) {
            NodeWindowStats s = i % 2 == 0 ? lateness : open;
            long t = (i % 2 == 0 ? T0 : T0 + 5000) + r.nextInt(5000);
            s.add(
                    event(
                            t,
                            new RequestFact(
                                    r.nextDouble() * 50,
                                    20 + r.nextDouble() * 200,
                                    r.nextInt(10) > 0,
                                    r.nextBoolean(),
                                    "req-" + i)));
            if (i % 5 == 0) {
                s.add(
                        event(
                                t,
                                new NodeSample(
                                        1800.0,
                                        2500.0,
                                        40 + r.nextDouble(),
                                        3000.0,
                                        12.5,
                                        58.0,
                                        1,
                                        2,
                                        900.0)));
            }
        }
        return w;
    }

    private static Telemetry event(long time, Object payload) {
        return Telemetry.newBuilder()
                .setNodeId("edge-0042")
                .setTier(Tier.EDGE)
                .setRegion("eu-west")
                .setDeviceClass("phone-high")
                .setModelVariant("tiny-int4")
                .setModelVersion("1")
                .setEventTime(Instant.ofEpochMilli(time))
                .setAppliedControlVersion(4)
                .setPayload(payload)
                .build();
    }

    private static void assertSame(NodeWindows actual, NodeWindows expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.start(i)).isEqualTo(expected.start(i));
            assertThat(actual.revision(i)).isEqualTo(expected.revision(i));
            assertThat(actual.stats(i).toBytes()).isEqualTo(expected.stats(i).toBytes());
        }
    }

    private static byte[] bytes(NodeWindows w) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        S.serialize(w, out);
        return out.getCopyOfBuffer();
    }

    private static NodeWindows read(byte[] b) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(b);
        NodeWindows w = S.deserialize(in);
        assertThat(in.available()).as("bytes left after one value").isZero();
        return w;
    }
}
