package org.qoeflow.jobs.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.qoeflow.jobs.DeadLetters;
import org.qoeflow.otlp.MetricPoint;
import org.qoeflow.otlp.OtlpMetricsMapper;
import org.qoeflow.otlp.OtlpMetricsMapper.Skip;
import org.qoeflow.qoe.Bounded;
import org.qoeflow.qoe.DeadLetterReason;

/**
 * Reads one {@code otlp_proto} record: a record that is too large or no {@code
 * ExportMetricsServiceRequest} becomes a dead letter; a valid one is mapped to points, and what
 * could not be mapped is counted ({@code otlp_points_skipped_total}, label {@code reason}), as are
 * points further ahead of the job's clock than the allowed skew. Never throws.
 */
public final class OtlpDeserializer implements KafkaRecordDeserializationSchema<OtlpRecord> {
    static final String FUTURE_TIME = "future_time";

    private final OtlpMetricsMapper mapper;
    private final int maxRecordBytes;
    private final long maxFutureSkewMs;
    private final long clampAheadMs;
    private final Clock clock;
    private transient Map<Skip, Counter> skipped;
    private transient Counter future;

    public OtlpDeserializer(
            OtlpMetricsMapper mapper,
            int maxRecordBytes,
            long maxFutureSkewMs,
            long clampAheadMs,
            Clock clock) {
        this.mapper = mapper;
        this.maxRecordBytes = maxRecordBytes;
        this.maxFutureSkewMs = maxFutureSkewMs;
        this.clampAheadMs = Math.min(clampAheadMs, maxFutureSkewMs);
        this.clock = clock;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        MetricGroup group = context.getMetricGroup();
        skipped = new EnumMap<>(Skip.class);
        for (Skip s : Skip.values()) {
            skipped.put(
                    s, group.addGroup("reason", s.label()).counter("otlp_points_skipped_total"));
        }
        future = group.addGroup("reason", FUTURE_TIME).counter("otlp_points_skipped_total");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<OtlpRecord> out) {
        byte[] value = r.value();
        if (value != null && value.length > maxRecordBytes) {
            out.collect(
                    dead(
                            r,
                            DeadLetterReason.OVERSIZED,
                            "value of "
                                    + value.length
                                    + " bytes exceeds the "
                                    + maxRecordBytes
                                    + "-byte bound of an OTLP record (--otlp-max-record-bytes);"
                                    + " not decoded"));
            return;
        }
        OtlpMetricsMapper.Mapped mapped;
        try {
            ExportMetricsServiceRequest request = OtlpMetricsMapper.parse(value);
            mapped = mapper.map(request);
        } catch (InvalidProtocolBufferException e) {
            out.collect(
                    dead(
                            r,
                            DeadLetterReason.DECODE,
                            "not an OTLP ExportMetricsServiceRequest (otlp_proto): "
                                    + Bounded.text(e.getMessage(), 512)));
            return;
        } catch (RuntimeException e) {
            out.collect(
                    dead(
                            r,
                            DeadLetterReason.UNEXPECTED,
                            e.getClass().getName() + ": " + Bounded.text(e.getMessage(), 512)));
            return;
        }
        if (skipped != null) {
            mapped.skipped().forEach((reason, n) -> skipped.get(reason).inc(n));
        }
        long now = clock.millis();
        for (MetricPoint p : mapped.points()) {
            long t = p.timeMillis();
            if (t - now > maxFutureSkewMs) {
                if (future != null) {
                    future.inc();
                }
                continue;
            }
            out.collect(OtlpRecord.ok(p, Math.min(t, now + clampAheadMs)));
        }
    }

    private static OtlpRecord dead(
            ConsumerRecord<byte[], byte[]> r, DeadLetterReason reason, String message) {
        return OtlpRecord.error(
                DeadLetters.of(
                        r.key(),
                        r.value(),
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        reason.label(),
                        message));
    }

    @Override
    public TypeInformation<OtlpRecord> getProducedType() {
        return TypeInformation.of(OtlpRecord.class);
    }
}
