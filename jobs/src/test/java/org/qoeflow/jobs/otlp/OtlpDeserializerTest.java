package org.qoeflow.jobs.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.qoeflow.otlp.OtlpMapping;
import org.qoeflow.otlp.OtlpMetricsMapper;
import org.qoeflow.otlp.TestingOtlp;
import org.qoeflow.schema.Topics;

class OtlpDeserializerTest {
    static final long NOW = 1_700_000_000_000L;
    static final long MS = 1_000_000L;

    private final OtlpDeserializer deserializer =
            new OtlpDeserializer(
                    new OtlpMetricsMapper(OtlpMapping.DEFAULTS),
                    64 * 1024,
                    300_000,
                    2_000,
                    Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    private List<OtlpRecord> read(byte[] value) {
        List<OtlpRecord> out = new ArrayList<>();
        deserializer.deserialize(
                new ConsumerRecord<>(Topics.OTLP_METRICS.name(), 1, 42L, null, value),
                new Collector<>() {
                    @Override
                    public void collect(OtlpRecord r) {
                        out.add(r);
                    }

                    @Override
                    public void close() {}
                });
        return out;
    }

    private static byte[] scrapeAt(long timeMs) {
        return TestingOtlp.vllmScrape(1, TestingOtlp.POD, timeMs * MS, timeMs * MS).toByteArray();
    }

    @Test
    void aScrapeBecomesTimestampedPoints() {
        List<OtlpRecord> out = read(scrapeAt(NOW - 5_000));
        assertThat(out).hasSize(8).allMatch(r -> r.point != null && r.timestamp == NOW - 5_000);
    }

    @Test
    void aFastClockIsClampedAndAFarFutureIsDropped() {
        assertThat(read(scrapeAt(NOW + 60_000))).allMatch(r -> r.timestamp == NOW + 2_000);
        assertThat(read(scrapeAt(NOW + 600_000))).isEmpty();
    }

    @Test
    void garbageAndOversizedRecordsAreDeadLettersWithTheirOrigin() {
        OtlpRecord garbage = read(new byte[] {(byte) 0xff, 0x00, 0x01}).get(0);
        assertThat(garbage.deadLetter.getErrorClass()).isEqualTo("DecodeException");
        assertThat(garbage.deadLetter.getErrorMessage()).contains("otlp_proto");
        assertThat(garbage.deadLetter.getSourcePartition()).isEqualTo(1);
        assertThat(garbage.deadLetter.getSourceOffset()).isEqualTo(42);
        assertThat(garbage.eventTimeOr(-1)).isEqualTo(-1);

        OtlpRecord big = read(new byte[64 * 1024 + 1]).get(0);
        assertThat(big.deadLetter.getErrorClass()).isEqualTo("Oversized");
        assertThat(big.deadLetter.getErrorMessage()).contains("--otlp-max-record-bytes");

        OtlpRecord tombstone = read(null).get(0);
        assertThat(tombstone.deadLetter.getErrorClass()).isEqualTo("DecodeException");
    }
}
