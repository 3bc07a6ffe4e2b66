package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

class QoeScoreSerializerTest {
    private static final QoeScoreSerializer S = QoeScoreSerializer.INSTANCE;
    private static final Schema SCHEMA = QoeScore.getClassSchema();

    private static byte[] bytes(QoeScore s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        S.serialize(s, out);
        return out.getCopyOfBuffer();
    }

    private static QoeScore read(byte[] b) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(b);
        QoeScore s = S.deserialize(in);
        assertThat(in.available()).as("bytes left after one score").isZero();
        return s;
    }

    private static QoeScore avroRoundTrip(QoeScore s) throws IOException {
        AvroSerializer<QoeScore> avro = new AvroSerializer<>(QoeScore.class);
        DataOutputSerializer out = new DataOutputSerializer(256);
        avro.serialize(s, out);
        return avro.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    /**
     * Every field of the schema set to a value of its own, read from the schema (not from a list
     * here), so a field added to the schema that the serializer does not write fails the round
     * trip.
     */
    static QoeScore everyFieldSet(Random r) {
        QoeScore s = new QoeScore();
        for (Schema.Field f : SCHEMA.getFields()) {
            Schema t = f.schema();
            if (t.getType() == Schema.Type.UNION) {
                t =
                        t.getTypes().stream()
                                .filter(u -> u.getType() != Schema.Type.NULL)
                                .findFirst()
                                .get();
            }
            Object v =
                    switch (t.getType()) {
                        case STRING -> f.name() + "-" + r.nextInt(1000) + "-ü€";
                        case ENUM -> Tier.values()[r.nextInt(Tier.values().length)];
                        case LONG ->
                                t.getLogicalType() != null
                                        ? Instant.ofEpochMilli(1_765_000_000_000L + r.nextInt())
                                        : (Object) r.nextLong();
                        case INT -> r.nextInt();
                        case DOUBLE -> r.nextGaussian() * 1000;
                        case BOOLEAN -> true;
                        default -> throw new AssertionError("no test value for " + f);
                    };
            s.put(f.pos(), v);
        }
        return s;
    }

    /** The required fields only: every optional one null. */
    static QoeScore optionalsNull(Random r) {
        QoeScore s = everyFieldSet(r);
        for (int pos : QoeScoreSerializer.OPTIONAL_DOUBLES) {
            s.put(pos, null);
        }
        s.setPartial(false);
        return s;
    }

    @Test
    void everyFieldSurvivesTheRoundTripAsAvroWouldCarryIt() throws IOException {
        Random r = new Random(1);
        for (int i = 0; i < 500; i++) {
            QoeScore s = i % 3 == 0 ? optionalsNull(r) : everyFieldSet(r);
            if (i % 5 == 0) {
                s.setLatencyP99Ms(Double.NaN);
                s.setSuccessRate(-0.0);
                s.setQueueDepth(Double.POSITIVE_INFINITY);
            }
            QoeScore back = read(bytes(s));
            assertThat(back).isEqualTo(s);
            assertThat(back).isEqualTo(avroRoundTrip(s));
            assertThat(back.getWindowStart()).isEqualTo(s.getWindowStart());
            for (Schema.Field f : SCHEMA.getFields()) {
                assertThat(back.get(f.pos())).as(f.name()).isEqualTo(s.get(f.pos()));
            }
        }
    }

    @Test
    void eachOptionalFieldIsCarriedOnItsOwn() throws IOException {
        for (int pos : QoeScoreSerializer.OPTIONAL_DOUBLES) {
            QoeScore s = optionalsNull(new Random(pos));
            s.put(pos, 42.5);
            QoeScore back = read(bytes(s));
            assertThat(back).isEqualTo(s);
            assertThat(back.get(pos)).isEqualTo(42.5);
        }
    }

    @Test
    void theOptionalFieldsAreTheSchemasNullableDoubles() {
        String[] names =
                Arrays.stream(QoeScoreSerializer.OPTIONAL_DOUBLES)
                        .mapToObj(p -> SCHEMA.getFields().get(p).name())
                        .toArray(String[]::new);
        assertThat(names)
                .containsExactly(
                        "latency_p50_ms",
                        "latency_p95_ms",
                        "latency_p99_ms",
                        "ttft_p95_ms",
                        "local_latency_mean_ms",
                        "offloaded_latency_mean_ms",
                        "mean_fps",
                        "jank_rate",
                        "bandwidth_kbps",
                        "jitter_ms",
                        "temperature_c",
                        "power_mw",
                        "cpu_freq_mhz",
                        "queue_depth",
                        "kv_cache_utilization",
                        "running_requests");
        Schema withString =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"s\","
                                        + "\"type\":[\"null\",\"string\"]}]}");
        assertThatThrownBy(() -> QoeScoreSerializer.optionalDoubles(withString))
                .hasMessageContaining("optional field s");
    }

    @Test
    void aCopyIsEqualAndIndependent() throws IOException {
        QoeScore s = everyFieldSet(new Random(3));
        QoeScore copy = S.copy(s);
        assertThat(copy).isEqualTo(s).isNotSameAs(s);
        QoeScore before = read(bytes(s));
        copy.setNodeId("other");
        copy.setLatencyP95Ms(null);
        copy.setRequestCount(copy.getRequestCount() + 1);
        copy.setWindowEnd(Instant.EPOCH);
        assertThat(s).isEqualTo(before);
        assertThat(S.copy(s, new QoeScore())).isEqualTo(s);

        DataOutputSerializer out = new DataOutputSerializer(64);
        S.copy(new DataInputDeserializer(bytes(s)), out);
        assertThat(read(out.getCopyOfBuffer())).isEqualTo(s);
    }

    @Test
    void corruptBytesAreErrorsNamingTheField() throws IOException {
        byte[] b = bytes(optionalsNull(new Random(4)));
        assertThatThrownBy(() -> read(Arrays.copyOf(b, b.length - 1)))
                .isInstanceOf(IOException.class);
        byte[] badMask = b.clone();
        badMask[b.length - 2] = (byte) 0x80; // the mask is the last 2 bytes when nothing is set
        badMask[b.length - 1] = 0;
        assertThatThrownBy(() -> read(badMask)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read(new byte[] {0, 0, 0}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("node_id is null");
    }

    @Test
    void itsSnapshotRestoresTheSameSerializer() {
        TypeSerializerSnapshot<QoeScore> snapshot = S.snapshotConfiguration();
        assertThat(snapshot.restoreSerializer()).isSameAs(S);
        TypeSerializerSchemaCompatibility<QoeScore> c =
                S.snapshotConfiguration().resolveSchemaCompatibility(snapshot);
        assertThat(c.isCompatibleAsIs()).isTrue();
        // it does not pass for the Avro serializer it replaces on the shuffles: state that held
        // scores with Avro must keep it (CohortScoringJob)
        TypeSerializerSnapshot<QoeScore> avro =
                new AvroSerializer<>(QoeScore.class).snapshotConfiguration();
        assertThat(S.snapshotConfiguration().resolveSchemaCompatibility(avro).isIncompatible())
                .isTrue();
    }

    @Test
    void itsSnapshotSurvivesBeingWrittenAndRead() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, S.snapshotConfiguration());
        TypeSerializerSnapshot<QoeScore> back =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(back).isInstanceOf(QoeScoreSerializer.Snapshot.class);
        assertThat(back.restoreSerializer()).isSameAs(S);
    }
}
