package org.qoeflow.jobs;

import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.qoeflow.qoe.TelemetryValidator;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Topics;

/**
 * Decodes and validates telemetry at the source, so watermarks come from event time per Kafka
 * partition; anything undecodable or invalid becomes a dead letter instead of failing the job.
 */
public final class TelemetryDeserializer
        implements KafkaRecordDeserializationSchema<TelemetryOrError> {

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<TelemetryOrError> out) {
        out.collect(decode(record));
    }

    static TelemetryOrError decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            Telemetry t = Topics.TELEMETRY.codec().decode(record.value());
            Optional<String> problem = TelemetryValidator.problem(t);
            if (problem.isPresent()) {
                return TelemetryOrError.error(dead(record, "InvalidTelemetry", problem.get()));
            }
            return TelemetryOrError.ok(t);
        } catch (DecodeException e) {
            return TelemetryOrError.error(dead(record, "DecodeException", e.getMessage()));
        } catch (RuntimeException e) {
            return TelemetryOrError.error(
                    dead(record, e.getClass().getSimpleName(), String.valueOf(e.getMessage())));
        }
    }

    private static org.qoeflow.schema.DeadLetter dead(
            ConsumerRecord<byte[], byte[]> r, String errorClass, String message) {
        return DeadLetters.of(
                r.key(), r.value(), r.topic(), r.partition(), r.offset(), errorClass, message);
    }

    @Override
    public TypeInformation<TelemetryOrError> getProducedType() {
        return TypeInformation.of(TelemetryOrError.class);
    }
}
