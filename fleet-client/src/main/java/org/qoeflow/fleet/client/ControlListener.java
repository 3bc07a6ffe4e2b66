package org.qoeflow.fleet.client;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the compacted control topic from the beginning (which replays the latest
 * update per scope) on its own thread and hands decoded updates to a {@link Sink}, typically a
 * {@link ControlClient} that verifies and applies them; undecodable records are skipped and
 * counted.
 */
public final class ControlListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlListener.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** Offers one decoded update to whoever applies it. */
    public interface Sink {
        Outcome offer(ControlUpdate u, long nowMillis);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Sink sink;
    private final Runnable onUndecodable;
    private final LongSupplier clock;
    private final Thread thread;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile boolean running = true;

    /**
     * A listener that reads with the client settings {@code kafka}, runs {@code onUndecodable} for
     * each record it cannot decode, and stamps offers with {@code clock} (epoch millis).
     */
    public ControlListener(
            Properties kafka, Sink sink, Runnable onUndecodable, LongSupplier clock) {
        this.consumer = new KafkaConsumer<>(consumerProps(kafka));
        this.sink = sink;
        this.onUndecodable = onUndecodable;
        this.clock = clock;
        this.thread = new Thread(this::run, "control-listener");
        this.thread.setDaemon(true);
    }

    private static Properties consumerProps(Properties kafka) {
        Properties p = new Properties();
        p.putAll(kafka);
        // Partitions are assigned, not subscribed: no group, no commits, always from the start.
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return p;
    }

    /** Starts reading on a daemon thread. */
    public synchronized void start() {
        if (running) {
            thread.start();
        }
    }

    private void run() {
        try {
            if (!assignAllPartitions()) {
                return;
            }
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    handle(r);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("control consumer woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("control consumer stopped; the fleet keeps its last control state", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Waits until the control topic exists, then takes all of its partitions. */
    private boolean assignAllPartitions() {
        String topic = Topics.CONTROL.name();
        while (running) {
            List<PartitionInfo> partitions;
            try {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (TimeoutException e) {
                LOG.warn("no metadata for control topic {} yet: {}", topic, e.getMessage());
                continue;
            }
            if (partitions != null && !partitions.isEmpty()) {
                List<TopicPartition> tps =
                        partitions.stream()
                                .map(pi -> new TopicPartition(topic, pi.partition()))
                                .toList();
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                return true;
            }
            LOG.info("waiting for control topic {}", topic);
            sleepQuietly(1_000);
        }
        return false;
    }

    private void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return; // a tombstone: the scope was retired, nothing to apply
        }
        ControlUpdate u;
        try {
            u = Topics.CONTROL.codec().decode(r.value());
        } catch (DecodeException e) {
            undecodable.incrementAndGet();
            onUndecodable.run();
            LOG.warn(
                    "skipping undecodable control record at {}-{}@{}: {}",
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    e.getMessage());
            return;
        }
        Outcome outcome = sink.offer(u, clock.getAsLong());
        received.incrementAndGet();
        if (outcome != Outcome.APPLIED) {
            rejected.incrementAndGet();
            LOG.info(
                    "control update {} v{} not applied: {}", u.getScope(), u.getVersion(), outcome);
        }
    }

    /** Decoded updates offered to the sink. */
    public long received() {
        return received.get();
    }

    /** Offered updates the sink did not apply. */
    public long rejected() {
        return rejected.get();
    }

    /** Records skipped because they could not be decoded. */
    public long undecodable() {
        return undecodable.get();
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
            if (!thread.isAlive()) {
                if (thread.getState() == Thread.State.NEW) {
                    consumer.close(Duration.ZERO);
                }
                return;
            }
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
