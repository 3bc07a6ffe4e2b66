package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.qoeflow.qoe.DeadLetterReason;
import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.Topics;

/** Every corpus record through the source's deserializer: the right reason, a DLQ that fits. */
class BadTelemetryCorpusTest {
    static final long NOW = 1_700_000_100_000L;
    static final long T0 = 1_700_000_000_000L;

    final TelemetryDeserializer deserializer =
            new TelemetryDeserializer(
                    JobOptions.defaults("unused:9092").gate(),
                    Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    @Test
    void everyCaseBecomesADeadLetterWithItsReasonAndFitsAProducerRequest() throws Exception {
        Set<DeadLetterReason> seen = EnumSet.noneOf(DeadLetterReason.class);
        long offset = 0;
        for (BadTelemetryCorpus.Case c : BadTelemetryCorpus.cases(T0, NOW, 2 * 1024 * 1024)) {
            TelemetryOrError out =
                    deserializer.decode(
                            new ConsumerRecord<>(
                                    Topics.TELEMETRY.name(), 0, offset++, c.key(), c.value()));
            assertThat(out.telemetry).as(c.name()).isNull();
            DeadLetter d = out.deadLetter;
            assertThat(d.getErrorClass())
                    .as(c.name() + ": " + d.getErrorMessage())
                    .isEqualTo(c.reason().label());
            assertThat(d.getErrorMessage())
                    .as(c.name())
                    .isNotBlank()
                    .hasSizeLessThanOrEqualTo(2048);
            assertThat(out.eventTimeOr(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
            byte[] encoded = Topics.DLQ.codec().encode(d);
            assertThat(encoded.length).as(c.name()).isLessThan(DeadLetters.MAX_VALUE_BYTES + 4096);
            assertThat(d.getOriginalSize()).isEqualTo(c.value() == null ? -1 : c.value().length);
            assertThat(d.getTruncated())
                    .isEqualTo(c.value() != null && c.value().length > DeadLetters.MAX_VALUE_BYTES);
            seen.add(c.reason());
            System.out.printf(
                    "corpus %-36s -> %s: %s%n", c.name(), d.getErrorClass(), d.getErrorMessage());
        }
        assertThat(seen)
                .containsExactlyInAnyOrder(
                        DeadLetterReason.OVERSIZED,
                        DeadLetterReason.DECODE,
                        DeadLetterReason.INVALID,
                        DeadLetterReason.KEY_MISMATCH,
                        DeadLetterReason.FUTURE_EVENT_TIME);
    }

    @Test
    void goodRecordsPassWithTheirEventTime() {
        var t =
                BadTelemetryCorpus.good(
                        "n1", T0, new org.qoeflow.schema.RequestFact(1.0, 2.0, true, false, "r1"));
        TelemetryOrError out =
                deserializer.decode(
                        new ConsumerRecord<>(
                                Topics.TELEMETRY.name(),
                                0,
                                0,
                                BadTelemetryCorpus.key("n1"),
                                BadTelemetryCorpus.encode(t)));
        assertThat(out.telemetry).isEqualTo(t);
        assertThat(out.eventTimeOr(0)).isEqualTo(T0);
    }

    @Test
    void resilienceDefaultsApplyOnlyWhatTheClusterLeavesOpen() {
        var none =
                QoeScoringJob.resilienceDefaults(
                        new org.apache.flink.configuration.Configuration());
        assertThat(none.get(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
        assertThat(
                        none.get(
                                org.apache.flink.configuration.CheckpointingOptions
                                        .CHECKPOINTING_INTERVAL))
                .hasSeconds(10);
        var env =
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment
                        .getExecutionEnvironment();
        env.configure(none);
        assertThat(env.getCheckpointConfig().isCheckpointingEnabled()).isTrue();

        var cluster = new org.apache.flink.configuration.Configuration();
        cluster.set(
                org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY,
                "fixed-delay");
        cluster.set(
                org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL,
                java.time.Duration.ofMinutes(1));
        assertThat(QoeScoringJob.resilienceDefaults(cluster).toMap()).isEmpty();
    }
}
