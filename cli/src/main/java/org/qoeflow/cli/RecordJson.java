package org.qoeflow.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.TopicDescriptor;

/**
 * One Kafka record as one JSON line: topic, partition, offset, timestamp, key and the decoded
 * value, or, when the value does not decode, an {@code error} naming why and the raw bytes in
 * Base64.
 */
final class RecordJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordJson() {}

    /** A record's JSON text, and whether its value failed to decode. */
    record Line(String json, boolean error) {}

    static Line line(TopicDescriptor<?> topic, ConsumerRecord<byte[], byte[]> r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("topic", r.topic());
        o.put("partition", r.partition());
        o.put("offset", r.offset());
        if (r.timestamp() >= 0) {
            o.put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString());
        } else {
            o.putNull("timestamp");
        }
        putKey(o, r.key());
        putValue(o, topic, r.value());
        try {
            return new Line(MAPPER.writeValueAsString(o), o.has("error"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static void putKey(ObjectNode o, byte[] key) {
        if (key == null) {
            o.putNull("key");
            return;
        }
        try {
            o.put(
                    "key",
                    StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(key)).toString());
        } catch (CharacterCodingException e) {
            o.putNull("key");
            o.put("key_base64", Base64.getEncoder().encodeToString(key));
        }
    }

    private static void putValue(ObjectNode o, TopicDescriptor<?> topic, byte[] value) {
        if (value == null) {
            o.putNull("value"); // a tombstone: legitimate on compacted topics
            return;
        }
        if (topic.isForeign()) {
            fail(o, topic.name() + " is not QoEFlow Avro: " + topic.foreignFormat(), value);
            return;
        }
        if (!topic.carriesRecords()) {
            fail(o, topic.name() + " carries no records (it is for coordination only)", value);
            return;
        }
        try {
            Object decoded = topic.codec().decode(value);
            o.set("value", AvroJson.toJson(decoded, topic.codec().schema()));
        } catch (DecodeException e) {
            fail(o, e.getMessage(), value);
        } catch (RuntimeException e) {
            fail(o, e.getClass().getSimpleName() + ": " + e.getMessage(), value);
        }
    }

    private static void fail(ObjectNode o, String error, byte[] value) {
        o.put("error", error);
        o.put("value_base64", Base64.getEncoder().encodeToString(value));
    }
}
