package org.qoeflow.jobs;

import java.time.Clock;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.qoeflow.jobs.anomaly.ModelUpdateDeserializer;
import org.qoeflow.schema.ModelUpdate;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/** Builds the jobs' Kafka sources and sinks from {@link JobOptions}. */
public final class KafkaIo {
    private KafkaIo() {}

    public static KafkaSource<TelemetryOrError> telemetrySource(JobOptions o) {
        OffsetResetStrategy reset =
                o.startFromEarliest() ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST;
        return KafkaSource.<TelemetryOrError>builder()
                .setProperties(copy(o.kafka()))
                .setTopics(Topics.TELEMETRY.name())
                .setGroupId(o.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(reset))
                .setDeserializer(new TelemetryDeserializer(o.gate(), Clock.systemUTC()))
                .build();
    }

    /** Reads the compacted models topic from the start: the latest model of every scope. */
    public static KafkaSource<ModelUpdate> modelSource(JobOptions o) {
        return KafkaSource.<ModelUpdate>builder()
                .setProperties(copy(o.kafka()))
                .setTopics(Topics.MODELS.name())
                .setGroupId(o.groupId() + "-models")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new ModelUpdateDeserializer())
                .build();
    }

    public static <T extends SpecificRecord> KafkaSink<T> sink(
            TopicDescriptor<T> topic, SerializableFunction<T, byte[]> key, JobOptions o) {
        Properties producer = copy(o.kafka());
        producer.putIfAbsent("acks", "all");
        producer.putIfAbsent("enable.idempotence", "true");
        producer.putIfAbsent("transaction.timeout.ms", "600000");
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(AvroRecordSerializer.of(topic, key))
                .setDeliveryGuarantee(o.deliveryGuarantee())
                .setTransactionalIdPrefix(o.transactionalIdPrefix() + "-" + topic.name())
                .build();
    }

    private static Properties copy(Properties p) {
        Properties c = new Properties();
        c.putAll(p);
        return c;
    }
}
