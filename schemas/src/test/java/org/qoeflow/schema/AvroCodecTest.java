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
                .setPayload(new RequestFact(40.0, 81.5, true, false))
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
