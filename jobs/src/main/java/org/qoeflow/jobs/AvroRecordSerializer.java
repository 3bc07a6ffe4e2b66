package org.qoeflow.jobs;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/** Writes records of one topic descriptor, keyed by a field of the record. */
public final class AvroRecordSerializer<T extends SpecificRecord>
        implements KafkaRecordSerializationSchema<T> {
    private final String topicName;
    private final SerializableFunction<T, byte[]> key;
    private transient TopicDescriptor<T> topic;

    private AvroRecordSerializer(String topicName, SerializableFunction<T, byte[]> key) {
        this.topicName = topicName;
        this.key = key;
    }

    public static <T extends SpecificRecord> AvroRecordSerializer<T> of(
            TopicDescriptor<T> topic, SerializableFunction<T, byte[]> key) {
        return new AvroRecordSerializer<>(topic.name(), key);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext ctx, Long ts) {
        return new ProducerRecord<>(
                topicName, null, ts, key.apply(element), topic().codec().encode(element));
    }

    /**
     * Descriptors are not serializable: the sink ships the topic name and looks the descriptor up
     * once per instance, not once per record.
     */
    @SuppressWarnings("unchecked")
    private TopicDescriptor<T> topic() {
        if (topic == null) {
            topic =
                    (TopicDescriptor<T>)
                            Topics.all().stream()
                                    .filter(d -> d.name().equals(topicName))
                                    .findFirst()
                                    .orElseThrow();
        }
        return topic;
    }
}
