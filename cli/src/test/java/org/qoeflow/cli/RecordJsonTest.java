package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.TestingRecords;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

class RecordJsonTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    static ConsumerRecord<byte[], byte[]> record(TopicDescriptor<?> t, String key, byte[] value) {
        return new ConsumerRecord<>(
                t.name(), 1, 42L, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    static JsonNode json(TopicDescriptor<?> t, String key, byte[] value) throws Exception {
        return MAPPER.readTree(RecordJson.line(t, record(t, key, value)).json());
    }

    @Test
    void telemetryLineHasTheEnvelopeAndATaggedPayload() throws Exception {
        Telemetry t = TestingRecords.request("edge-000001");
        JsonNode line = json(Topics.TELEMETRY, "edge-000001", Topics.TELEMETRY.codec().encode(t));

        assertThat(line.get("topic").asText()).isEqualTo("qoeflow.telemetry.v1");
        assertThat(line.get("partition").asInt()).isEqualTo(1);
        assertThat(line.get("offset").asLong()).isEqualTo(42);
        assertThat(line.get("key").asText()).isEqualTo("edge-000001");
        assertThat(line.has("error")).isFalse();
        JsonNode v = line.get("value");
        assertThat(v.get("tier").asText()).isEqualTo("EDGE");
        assertThat(v.get("event_time").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(v.get("applied_control_version").asLong()).isEqualTo(7);
        assertThat(v.at("/payload/RequestFact/e2e_ms").asDouble()).isEqualTo(81.5);
        assertThat(v.at("/payload/RequestFact/success").asBoolean()).isTrue();
    }

    @Test
    void nodeSampleBranchIsNamedToo() throws Exception {
        byte[] bytes = Topics.TELEMETRY.codec().encode(TestingRecords.sample("edge-000002"));
        JsonNode v = json(Topics.TELEMETRY, "edge-000002", bytes).get("value");
        assertThat(v.at("/payload/NodeSample/jank_count").asInt()).isEqualTo(2);
        assertThat(v.at("/payload/RequestFact").isMissingNode()).isTrue();
    }

    @Test
    void bytesAreBase64MapsAreObjectsAndNullableUnionsAreBare() throws Exception {
        ControlUpdate u = TestingRecords.of(Topics.CONTROL);
        JsonNode v =
                json(Topics.CONTROL, u.getScope(), Topics.CONTROL.codec().encode(u)).get("value");
        assertThat(v.get("signature").asText()).isEqualTo("AQID/w==");
        assertThat(v.at("/routing_weights/cloud-eu-west-1").asDouble()).isEqualTo(0.75);
        assertThat(v.get("offload_threshold_ms").isNull()).isTrue();
        assertThat(v.get("kind").asText()).isEqualTo("ROUTING_WEIGHTS");
    }

    @Test
    void everyTopicsSampleBecomesValidJson() throws Exception {
        for (TopicDescriptor<?> t : Topics.all()) {
            if (t.carriesRecords()) {
                JsonNode line = json(t, "k", encode(t));
                assertThat(line.has("error")).as(t.name()).isFalse();
                assertThat(line.get("value").isObject()).as(t.name()).isTrue();
            }
        }
    }

    @Test
    void nonFiniteDoublesAreStringsSoTheLineStaysJson() throws Exception {
        Telemetry t =
                Telemetry.newBuilder(TestingRecords.request("n"))
                        .setPayload(
                                new RequestFact(
                                        Double.NaN, Double.POSITIVE_INFINITY, false, true, null))
                        .build();
        String text =
                RecordJson.line(
                                Topics.TELEMETRY,
                                record(Topics.TELEMETRY, "n", Topics.TELEMETRY.codec().encode(t)))
                        .json();
        JsonNode fact = MAPPER.readTree(text).at("/value/payload/RequestFact");
        assertThat(fact.get("ttft_ms").asText()).isEqualTo("NaN");
        assertThat(fact.get("e2e_ms").asText()).isEqualTo("Infinity");
    }

    @Test
    void undecodableValueIsAnErrorLineNamingTheCause() throws Exception {
        RecordJson.Line line =
                RecordJson.line(
                        Topics.TELEMETRY,
                        record(Topics.TELEMETRY, "x", "hello".getBytes(StandardCharsets.UTF_8)));
        JsonNode o = MAPPER.readTree(line.json());

        assertThat(line.error()).isTrue();
        assertThat(o.get("error").asText()).contains("not an Avro single-object encoded Telemetry");
        assertThat(o.get("value_base64").asText()).isEqualTo("aGVsbG8=");
        assertThat(o.get("offset").asLong()).isEqualTo(42);
        assertThat(o.has("value")).isFalse();
    }

    @Test
    void recordOfAnotherTopicsTypeIsAnErrorNotAMisreading() throws Exception {
        JsonNode o = json(Topics.TELEMETRY, "k", encode(Topics.DLQ));
        assertThat(o.get("error").asText()).contains("unknown writer schema for Telemetry");
    }

    @Test
    void tombstoneIsANullValueNotAnError() throws Exception {
        JsonNode o = json(Topics.CONTROL, "offload/phone-high", null);
        assertThat(o.get("value").isNull()).isTrue();
        assertThat(o.has("error")).isFalse();
        assertThat(o.get("key").asText()).isEqualTo("offload/phone-high");
    }

    @Test
    void keyThatIsNotUtf8IsGivenInBase64() throws Exception {
        var r =
                new ConsumerRecord<>(
                        Topics.DLQ.name(), 0, 0L, new byte[] {(byte) 0xFF}, encode(Topics.DLQ));
        JsonNode o = MAPPER.readTree(RecordJson.line(Topics.DLQ, r).json());
        assertThat(o.get("key").isNull()).isTrue();
        assertThat(o.get("key_base64").asText()).isEqualTo("/w==");
    }

    @Test
    void leaderTopicRecordIsReportedAsUnexpected() throws Exception {
        JsonNode o = json(Topics.CONTROLLER_LEADER, null, new byte[] {1});
        assertThat(o.get("error").asText()).contains("carries no records");
        assertThat(o.get("key").isNull()).isTrue();
    }

    @Test
    void otlpTopicRecordNamesItsForeignFormat() throws Exception {
        JsonNode o = json(Topics.OTLP_METRICS, null, new byte[] {1});
        assertThat(o.get("error").asText()).contains("not QoEFlow Avro").contains("otlp_proto");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static byte[] encode(TopicDescriptor<?> topic) {
        TopicDescriptor t = topic;
        return t.codec().encode(TestingRecords.of(t));
    }
}
