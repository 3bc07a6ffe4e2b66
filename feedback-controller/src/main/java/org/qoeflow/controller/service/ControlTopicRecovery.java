package org.qoeflow.controller.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the compacted control topic to its end: the latest update of every scope. */
public final class ControlTopicRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ControlTopicRecovery.class);

    private ControlTopicRecovery() {}

    public static Map<String, ControlUpdate> latest(Properties kafka, Duration timeout) {
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
                    try {
                        ControlUpdate u = Topics.CONTROL.codec().decode(r.value());
                        latest.merge(
                                u.getScope(), u, (a, b) -> b.getVersion() > a.getVersion() ? b : a);
                    } catch (DecodeException e) {
                        LOG.warn(
                                "skipping undecodable control record at offset {}: {}",
                                r.offset(),
                                e.getMessage());
                    }
                }
            }
        }
        return latest;
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
