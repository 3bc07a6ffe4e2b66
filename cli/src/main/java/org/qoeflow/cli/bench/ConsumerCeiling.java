package org.qoeflow.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.Topics;

/**
 * One bare Kafka consumer thread reading the telemetry topic's range [from, to) as fast as it can:
 * the read ceiling of this machine, optionally decoding every record as the job's source does.
 */
final class ConsumerCeiling {
    /** Keeps the JIT from dropping the decode. */
    static volatile long blackhole;

    private ConsumerCeiling() {}

    /** Records per second over the whole range. */
    static double rate(
            Properties kafka,
            Map<TopicPartition, Long> from,
            Map<TopicPartition, Long> to,
            boolean decode,
            PrintWriter out)
            throws DecodeException {
        long total = 0;
        for (var e : to.entrySet()) {
            total += e.getValue() - from.get(e.getKey());
        }
        Progress progress = new Progress(out, decode ? "read+decode" : "read", total);
        Map<String, Object> p = new HashMap<>();
        kafka.forEach((k, v) -> p.put((String) k, v));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "qoeflow-bench-ceiling");
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.copyOf(from.keySet()));
            from.forEach(c::seek);
            long read = 0;
            long sink = 0;
            long start = System.nanoTime();
            while (read < total) {
                ConsumerRecords<byte[], byte[]> batch = c.poll(Duration.ofMillis(500));
                for (TopicPartition tp : batch.partitions()) {
                    long end = to.get(tp);
                    for (ConsumerRecord<byte[], byte[]> r : batch.records(tp)) {
                        if (r.offset() >= end) {
                            break;
                        }
                        read++;
                        sink +=
                                decode
                                        ? Topics.TELEMETRY
                                                .codec()
                                                .decode(r.value())
                                                .getRegion()
                                                .length()
                                        : r.value().length;
                    }
                }
                progress.update(read);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            blackhole = sink;
            return read / seconds;
        }
    }
}
