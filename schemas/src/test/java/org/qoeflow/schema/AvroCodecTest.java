package org.qoeflow.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

    static Telemetry request(String node) {
        return Telemetry.newBuilder()
                .setNodeId(node)
                .setTier(Tier.EDGE)
                .setRegion("eu-west")
                .setDeviceClass("phone-high")
                .setModelVariant("tiny-int4")
                .setModelVersion("1.0.0")
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .setAppliedControlVersion(7)
                .setPayload(new RequestFact(40.0, 81.5, true, false, null))
                .build();
    }

    @Test
    void roundTripsWithSingleObjectHeader() throws Exception {
        AvroCodec<Telemetry> codec = Topics.TELEMETRY.codec();
        byte[] bytes = codec.encode(request("n1"));
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(codec.decode(bytes)).isEqualTo(request("n1"));
    }

    @Test
    void garbageGetsAnErrorNamingTheProblem() {
        AvroCodec<Telemetry> codec = Topics.TELEMETRY.codec();
        assertThatThrownBy(() -> codec.decode("hello world".getBytes()))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("not an Avro single-object encoded Telemetry");
        assertThatThrownBy(() -> codec.decode(new byte[0]))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("empty");
        byte[] truncated = Arrays.copyOf(codec.encode(request("n1")), 14);
        assertThatThrownBy(() -> codec.decode(truncated))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("corrupt Telemetry body");
    }

    /** Header of today's Telemetry schema followed by {@code body}. */
    static byte[] telemetryWith(int... body) {
        byte[] out =
                Arrays.copyOf(Topics.TELEMETRY.codec().encode(request("n1")), 10 + body.length);
        for (int i = 0; i < body.length; i++) {
            out[10 + i] = (byte) body[i];
        }
        return out;
    }

    @Test
    void hugeStringLengthIsRejectedBeforeAvroAllocates() {
        // 18 bytes: header + varint zig-zag 2^31-1 as the node_id length (the tester's record).
        byte[] bytes = telemetryWith(0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 'a', 'b', 'c');
        assertThat(bytes).hasSize(18);
        assertThatThrownBy(() -> Topics.TELEMETRY.codec().decode(bytes))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("length 2147483647 exceeds the 3 bytes left")
                .hasMessageContaining("Telemetry.node_id");
    }

    @Test
    void trailingBytesUnionIndexAndNegativeLengthAreNamed() {
        AvroCodec<Telemetry> codec = Topics.TELEMETRY.codec();
        byte[] good = codec.encode(request("n1"));
        byte[] trailing = Arrays.copyOf(good, good.length + 3);
        assertThatThrownBy(() -> codec.decode(trailing))
                .hasMessageContaining("3 trailing bytes after the Telemetry body");
        assertThatThrownBy(() -> codec.decode(telemetryWith(0x01)))
                .hasMessageContaining("length -1 exceeds");
        // node_id "n", tier 0, then empty strings up to event_time and version, then union 9.
        byte[] badUnion = telemetryWith(2, 'n', 0, 0, 0, 0, 0, 2, 0, 18);
        assertThatThrownBy(() -> codec.decode(badUnion))
                .hasMessageContaining("union index 9 out of range [0, 2) at Telemetry.payload");
        byte[] badEnum = telemetryWith(2, 'n', 8);
        assertThatThrownBy(() -> codec.decode(badEnum))
                .hasMessageContaining("enum index 4 out of range [0, 2) at Telemetry.tier");
    }

    @Test
    void mapBlockCountLargerThanTheRecordIsRejected() throws Exception {
        ControlUpdate u =
                ControlUpdate.newBuilder()
                        .setScope("routing/eu")
                        .setKind(ControlKind.ROUTING_WEIGHTS)
                        .setVersion(1)
                        .setIssuedAt(Instant.EPOCH)
                        .setValidUntil(Instant.EPOCH)
                        .setReason("r")
                        .setRoutingWeights(java.util.Map.of("a", 1.0))
                        .build();
        byte[] good = Topics.CONTROL.codec().encode(u);
        assertThat(Topics.CONTROL.codec().decode(good)).isEqualTo(u);

        Schema m =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"M\",\"fields\":[{\"name\":\"w\","
                                        + "\"type\":{\"type\":\"map\",\"values\":\"double\"}}]}");
        // count 1,000,000 (zig-zag varint 0x80 0x89 0x7A), nothing after it
        byte[] body = {(byte) 0x80, (byte) 0x89, 0x7A};
        assertThatThrownBy(() -> BodyBounds.check(m, body, 0))
                .hasMessageContaining("block count 1000000 exceeds the 0 bytes left at M.w");
        Schema nulls =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"N\",\"fields\":[{\"name\":\"a\","
                                        + "\"type\":{\"type\":\"array\",\"items\":\"null\"}}]}");
        // items of type null take no byte: 3 blocks of 2 nulls in 4 bytes exceed the budget
        byte[] manyNulls = {4, 4, 4, 0};
        assertThatThrownBy(() -> BodyBounds.check(nulls, manyNulls, 0))
                .hasMessageContaining("block count 2 exceeds");
    }

    @Test
    void oldWriterSchemasStillDecode() throws Exception {
        Schema v1 = SchemaHistory.load("telemetry-v1.avsc");
        var writer =
                new org.apache.avro.message.BinaryMessageEncoder<GenericRecord>(
                        GenericData.get(), v1);
        GenericRecord payload =
                new GenericData.Record(v1.getField("payload").schema().getTypes().get(0));
        payload.put("ttft_ms", 1.0);
        payload.put("e2e_ms", 2.0);
        payload.put("success", true);
        payload.put("offloaded", false);
        GenericRecord t = new GenericData.Record(v1);
        t.put("node_id", "old");
        t.put("tier", new GenericData.EnumSymbol(v1.getField("tier").schema(), "EDGE"));
        for (String f : new String[] {"region", "device_class", "model_variant", "model_version"}) {
            t.put(f, "x");
        }
        t.put("event_time", 5L);
        t.put("applied_control_version", 0L);
        t.put("payload", payload);
        byte[] old = writer.encode(t).array();

        Telemetry read = Topics.TELEMETRY.codec().decode(old);

        assertThat(read.getNodeId()).isEqualTo("old");
        assertThat(((RequestFact) read.getPayload()).getRequestId()).isNull();
    }

    @Test
    void recordOfAnotherTypeIsRejectedAsUnknownSchema() {
        byte[] score =
                Topics.DLQ
                        .codec()
                        .encode(
                                DeadLetter.newBuilder()
                                        .setSourceTopic("t")
                                        .setSourcePartition(0)
                                        .setSourceOffset(1)
                                        .setErrorClass("X")
                                        .setErrorMessage("m")
                                        .setFailedAt(Instant.EPOCH)
                                        .build());
        assertThatThrownBy(() -> Topics.TELEMETRY.codec().decode(score))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("unknown writer schema");
    }

    @Test
    void nextSchemaVersionReadsTodaysRecords() throws Exception {
        Schema v2;
        try (InputStream in = getClass().getResourceAsStream("/evolution/telemetry-v2.avsc")) {
            v2 = new Schema.Parser().parse(in);
        }
        assertThat(v2.getField("battery_pct")).isNotNull();
        SchemaStore.Cache known = new SchemaStore.Cache();
        known.addSchema(Telemetry.getClassSchema());
        BinaryMessageDecoder<GenericRecord> reader =
                new BinaryMessageDecoder<>(GenericData.get(), v2, known);

        GenericRecord read = reader.decode(Topics.TELEMETRY.codec().encode(request("n9")));

        assertThat(read.get("node_id").toString()).isEqualTo("n9");
        assertThat(read.get("battery_pct")).isNull();
        assertThat(((GenericRecord) read.get("payload")).get("e2e_ms")).isEqualTo(81.5);
    }

    @Test
    void topicNamesAreUniqueAndControlIsCompacted() {
        assertThat(Topics.all().stream().map(TopicDescriptor::name).distinct())
                .hasSize(Topics.all().size());
        assertThat(Topics.MODELS.topicConfigs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.CONTROL.topicConfigs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void ownGeneratedClassesAreTrustedWithoutSystemProperties() {
        for (Class<?> c : SchemaTrust.GENERATED) {
            assertThat(SchemaTrust.OWN.isTrusted(c)).as(c.getName()).isTrue();
        }
        assertThat(SchemaTrust.OWN.isTrusted(java.net.URL.class)).isFalse();
        Topics.TELEMETRY.codec(); // initializes the codec, which installs the trust
        assertThat(
                        org.apache.avro.util.ClassSecurityValidator.getGlobal()
                                .isTrusted(Telemetry.class))
                .isTrue();
    }
}
