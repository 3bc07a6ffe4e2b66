package org.qoeflow.jobs;

import java.time.Clock;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.qoeflow.qoe.TelemetryGate;

/**
 * Admits telemetry at the source through {@link TelemetryGate}, so watermarks come from (bounded)
 * event time per Kafka partition; anything the gate rejects becomes a dead letter instead of
 * failing the job.
 */
public final class TelemetryDeserializer
        implements KafkaRecordDeserializationSchema<TelemetryOrError> {
    private final TelemetryGate gate;
    private final Clock clock;

    public TelemetryDeserializer(TelemetryGate gate, Clock clock) {
        this.gate = gate;
        this.clock = clock;
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<TelemetryOrError> out) {
        out.collect(decode(record));
    }

    TelemetryOrError decode(ConsumerRecord<byte[], byte[]> r) {
        TelemetryGate.Verdict v = gate.admit(r.key(), r.value(), clock.millis());
        if (v.accepted()) {
            return TelemetryOrError.ok(v.telemetry(), v.timestamp(), v.clamped());
        }
        return TelemetryOrError.error(
                DeadLetters.of(
                        r.key(),
                        r.value(),
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        v.reason().label(),
                        v.message()));
    }

    @Override
    public TypeInformation<TelemetryOrError> getProducedType() {
        return TypeInformation.of(TelemetryOrError.class);
    }
}
