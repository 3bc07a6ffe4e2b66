package org.qoeflow.schema;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Kafka topic of the product: its name, what its key is, its value codec ({@code null} for a
 * topic that carries no records or records in a format that is not ours), its cleanup policy and,
 * for a topic written by other software, the name of that format. The only place topic names are
 * spelled is {@link Topics}.
 */
public record TopicDescriptor<V extends SpecificRecord>(
        String name,
        String keyDescription,
        AvroCodec<V> codec,
        CleanupPolicy cleanupPolicy,
        int fixedPartitions,
        String foreignFormat) {

    /** A topic whose partition count the deployment chooses. */
    public TopicDescriptor(
            String name, String keyDescription, AvroCodec<V> codec, CleanupPolicy cleanupPolicy) {
        this(name, keyDescription, codec, cleanupPolicy, 0, null);
    }

    public TopicDescriptor(
            String name,
            String keyDescription,
            AvroCodec<V> codec,
            CleanupPolicy cleanupPolicy,
            int fixedPartitions) {
        this(name, keyDescription, codec, cleanupPolicy, fixedPartitions, null);
    }

    /**
     * A topic other software writes in its own format (no Avro codec, no published schema), e.g.
     * the OpenTelemetry Collector's {@code otlp_proto}.
     */
    public static TopicDescriptor<SpecificRecord> foreign(
            String name, String keyDescription, String format, CleanupPolicy cleanupPolicy) {
        if (format == null || format.isBlank()) {
            throw new IllegalArgumentException("a foreign topic needs its format named: " + name);
        }
        return new TopicDescriptor<>(name, keyDescription, null, cleanupPolicy, 0, format);
    }

    /**
     * False for a topic without a QoEFlow Avro codec: used only for coordination, or written in a
     * {@link #foreignFormat()}.
     */
    public boolean carriesRecords() {
        return codec != null;
    }

    /** True for a topic whose records are in another software's format, not our Avro. */
    public boolean isForeign() {
        return foreignFormat != null;
    }

    /** The partitions to create the topic with: its fixed count, else {@code deploymentDefault}. */
    public int partitions(int deploymentDefault) {
        return fixedPartitions > 0 ? fixedPartitions : deploymentDefault;
    }

    /** Kafka's cleanup.policy values this project uses. */
    public enum CleanupPolicy {
        DELETE("delete"),
        COMPACT("compact");

        private final String kafkaValue;

        CleanupPolicy(String kafkaValue) {
            this.kafkaValue = kafkaValue;
        }

        public String kafkaValue() {
            return kafkaValue;
        }
    }

    /** Topic-level configs to create the topic with. */
    public Map<String, String> topicConfigs() {
        return Map.of("cleanup.policy", cleanupPolicy.kafkaValue());
    }

    /** Keys are UTF-8 strings (node id or scope). */
    public static byte[] key(String key) {
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    public static String keyString(byte[] key) {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }
}
