package org.qoeflow.schema;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Kafka topic of the product: its name, what its key is, its value codec ({@code null} for a
 * topic that carries no records) and its cleanup policy. The only place topic names are spelled is
 * {@link Topics}.
 */
public record TopicDescriptor<V extends SpecificRecord>(
        String name,
        String keyDescription,
        AvroCodec<V> codec,
        CleanupPolicy cleanupPolicy,
        int fixedPartitions) {

    /** A topic whose partition count the deployment chooses. */
    public TopicDescriptor(
            String name, String keyDescription, AvroCodec<V> codec, CleanupPolicy cleanupPolicy) {
        this(name, keyDescription, codec, cleanupPolicy, 0);
    }

    /** False for a topic used only for coordination (it has no value schema and no codec). */
    public boolean carriesRecords() {
        return codec != null;
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
