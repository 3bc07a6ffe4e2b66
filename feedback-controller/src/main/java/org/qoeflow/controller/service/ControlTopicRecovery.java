package org.qoeflow.controller.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted control topic to its end: the latest trusted update of every scope. Records
 * that {@link RecoveryTrust} refuses are logged with their offset, counted and skipped.
 */
public final class ControlTopicRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ControlTopicRecovery.class);

    private ControlTopicRecovery() {}

    /** Every well-formed record, whoever wrote it (a controller without a signing key). */
    public static Map<String, ControlUpdate> latest(Properties kafka, Duration timeout) {
        return latest(kafka, timeout, RecoveryTrust.anyWriter(), v -> {});
    }

    public static Map<String, ControlUpdate> latest(
            Properties kafka,
            Duration timeout,
            RecoveryTrust trust,
            Consumer<RecoveryTrust.Verdict> rejected) {
        Map<String, ControlUpdate> latest = new HashMap<>();
        try (var consumer =
                new KafkaConsumer<>(
                        kafka, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts =
                    consumer.partitionsFor(Topics.CONTROL.name(), timeout).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read "
                                    + Topics.CONTROL.name()
                                    + " to its end in "
                                    + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue; // tombstone
                    }
                    RecoveryTrust.Verdict v = offer(latest, r.value(), trust);
                    if (v != RecoveryTrust.Verdict.ACCEPTED) {
                        rejected.accept(v);
                        LOG.warn(
                                "not resuming from control record at {}-{}@{} (key {}): {}",
                                r.topic(),
                                r.partition(),
                                r.offset(),
                                printable(r.key()),
                                v.label());
                    }
                }
            }
        }
        return latest;
    }

    /** Merges one record value into {@code latest} if {@code trust} accepts it. */
    static RecoveryTrust.Verdict offer(
            Map<String, ControlUpdate> latest, byte[] value, RecoveryTrust trust) {
        ControlUpdate u;
        try {
            u = Topics.CONTROL.codec().decode(value);
        } catch (DecodeException | RuntimeException e) {
            return RecoveryTrust.Verdict.UNDECODABLE;
        }
        RecoveryTrust.Verdict v = trust.check(u);
        if (v == RecoveryTrust.Verdict.ACCEPTED) {
            latest.merge(u.getScope(), u, (a, b) -> b.getVersion() > a.getVersion() ? b : a);
        }
        return v;
    }

    private static String printable(byte[] key) {
        if (key == null) {
            return "null";
        }
        String s = new String(key, 0, Math.min(key.length, 80), StandardCharsets.UTF_8);
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static boolean caughtUp(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
