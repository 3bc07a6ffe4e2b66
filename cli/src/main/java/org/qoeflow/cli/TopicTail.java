package org.qoeflow.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every partition of one topic without a consumer group: from the beginning or the end, up to
 * the end offsets seen at start, or on until {@link #stop()} (follow). Checks first that the broker
 * answers, so an unreachable one is an error naming the address, not an empty read.
 */
final class TopicTail implements AutoCloseable {
    /** Where to start and when to stop; {@code limit} null means no time limit. */
    record Options(
            boolean fromBeginning, boolean follow, Duration limit, Duration connectTimeout) {}

    private static final Duration POLL = Duration.ofMillis(200);

    private final Properties kafka;
    private final String topic;
    private final Options options;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopped;

    TopicTail(Properties kafka, String topic, Options options) {
        this.kafka = kafka;
        this.topic = topic;
        this.options = options;
        Properties p = new Properties();
        p.putAll(kafka);
        p.remove("group.id");
        p.setProperty("enable.auto.commit", "false");
        p.putIfAbsent("isolation.level", "read_committed");
        p.putIfAbsent("client.id", "qoeflow-tail");
        this.consumer = create(p);
    }

    /** Hands every record to {@code sink} until the stop condition; returns how many. */
    long run(Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        List<TopicPartition> parts = partitions();
        long deadline =
                options.limit() == null
                        ? Long.MAX_VALUE
                        : System.nanoTime() + options.limit().toNanos();
        long count = 0;
        try {
            consumer.assign(parts);
            if (options.fromBeginning()) {
                consumer.seekToBeginning(parts);
            } else {
                consumer.seekToEnd(parts);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, options.connectTimeout());
            parts.forEach(tp -> consumer.position(tp, options.connectTimeout()));
            while (!stopped && System.nanoTime() < deadline) {
                if (!options.follow() && reachedEnd(parts, end)) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (options.follow() || r.offset() < end.get(tp)) {
                        sink.accept(r);
                        count++;
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() was called
        }
        return count;
    }

    /** Ends {@link #run} from another thread (Ctrl-C). */
    void stop() {
        stopped = true;
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    private boolean reachedEnd(List<TopicPartition> parts, Map<TopicPartition, Long> end) {
        List<TopicPartition> done = new ArrayList<>();
        for (TopicPartition tp : parts) {
            if (consumer.position(tp, options.connectTimeout()) >= end.get(tp)) {
                done.add(tp);
            }
        }
        consumer.pause(done);
        return done.size() == parts.size();
    }

    /** The topic's partitions, asking the broker within the connect timeout. */
    private List<TopicPartition> partitions() {
        String bootstrap = kafka.getProperty("bootstrap.servers");
        long timeoutMs = options.connectTimeout().toMillis();
        Properties p = new Properties();
        p.putAll(kafka);
        p.setProperty("request.timeout.ms", Long.toString(timeoutMs));
        p.setProperty("default.api.timeout.ms", Long.toString(timeoutMs));
        Admin admin;
        try {
            admin = Admin.create(p);
        } catch (KafkaException e) {
            throw new IllegalStateException(
                    "cannot connect to Kafka at " + bootstrap + ": " + rootMessage(e), e);
        }
        try {
            admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            TopicDescription d =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(timeoutMs, TimeUnit.MILLISECONDS)
                            .get(topic);
            return d.partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
        } catch (TimeoutException e) {
            throw unreachable(bootstrap);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(bootstrap); // the admin client's own deadline came first
            }
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException(
                        "topic " + topic + " does not exist on Kafka at " + bootstrap);
            }
            throw new IllegalStateException(
                    "cannot read from Kafka at " + bootstrap + ": " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted connecting to " + bootstrap, e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private IllegalStateException unreachable(String bootstrap) {
        return new IllegalStateException(
                "cannot reach Kafka at "
                        + bootstrap
                        + " within "
                        + options.connectTimeout().toSeconds()
                        + " s (is the broker running, and is the address right?)");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static KafkaConsumer<byte[], byte[]> create(Properties p) {
        try {
            return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            throw new IllegalStateException(
                    "cannot connect to Kafka at "
                            + p.getProperty("bootstrap.servers")
                            + ": "
                            + rootMessage(e),
                    e);
        }
    }
}
