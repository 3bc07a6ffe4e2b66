package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.Random;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

class TelemetrySerializerTest {
    private static final TelemetrySerializer S = TelemetrySerializer.INSTANCE;

    private static byte[] bytes(Telemetry t) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        S.serialize(t, out);
        return out.getCopyOfBuffer();
    }

    private static Telemetry read(byte[] b) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(b);
        Telemetry t = S.deserialize(in);
        assertThat(in.available()).as("bytes left after one record").isZero();
        return t;
    }

    private static Telemetry.Builder base(Random r) {
        return Telemetry.newBuilder()
                .setNodeId("node-" + r.nextInt(1000) + "-r" + r.nextInt(9) + "-ü")
                .setTier(r.nextBoolean() ? Tier.EDGE : Tier.CLOUD)
                .setRegion("eu-west")
                .setDeviceClass("phone-high")
                .setModelVariant("tiny-int4")
                .setModelVersion("v" + r.nextInt(3))
                .setEventTime(
                        Instant.ofEpochSecond(
                                1_700_000_000L + r.nextInt(1000), r.nextInt(1_000_000_000)))
                .setAppliedControlVersion(r.nextLong());
    }

    @Test
    void everyFieldOfRequestsAndSamplesSurvivesTheRoundTrip() throws IOException {
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            Telemetry t =
                    i % 2 == 0
                            ? base(r).setPayload(
                                            new RequestFact(
                                                    r.nextDouble() * 100,
                                                    i % 10 == 0 ? Double.POSITIVE_INFINITY : -0.0,
                                                    r.nextBoolean(),
                                                    r.nextBoolean(),
                                                    i % 4 == 0 ? null : "req-" + i))
                                    .build()
                            : base(r).setPayload(
                                            new NodeSample(
                                                    r.nextDouble(),
                                                    r.nextDouble(),
                                                    Double.MAX_VALUE,
                                                    Double.MIN_VALUE,
                                                    r.nextGaussian(),
                                                    60.0,
                                                    r.nextInt(),
                                                    Integer.MIN_VALUE,
                                                    r.nextDouble()))
                                    .build();
            Telemetry back = read(bytes(t));
            assertThat(back.getEventTime()).isEqualTo(t.getEventTime());
            assertThat(back.getPayload()).isEqualTo(t.getPayload());
            assertThat(back).isEqualTo(t);
            assertThat(S.copy(t)).isEqualTo(t).isNotSameAs(t);
        }
    }

    @Test
    void corruptBytesAreErrorsNamingTheField() throws IOException {
        Telemetry t =
                base(new Random(2))
                        .setPayload(new RequestFact(1.0, 2.0, true, false, null))
                        .build();
        byte[] b = bytes(t);
        byte[] badTag = b.clone();
        badTag[b.length - 20] = 9; // the payload tag: then 8 + 8 + 1 + 1 bytes and a null id
        assertThatThrownBy(() -> read(badTag))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("payload tag 9");
        assertThatThrownBy(() -> read(java.util.Arrays.copyOf(b, b.length - 5)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read(new byte[] {0}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("node_id is null");
    }

    @Test
    void itsSnapshotRestoresTheSameSerializer() {
        TypeSerializerSnapshot<Telemetry> snapshot = S.snapshotConfiguration();
        assertThat(snapshot.restoreSerializer()).isSameAs(S);
        TypeSerializerSchemaCompatibility<Telemetry> c =
                S.snapshotConfiguration().resolveSchemaCompatibility(snapshot);
        assertThat(c.isCompatibleAsIs()).isTrue();
    }
}
