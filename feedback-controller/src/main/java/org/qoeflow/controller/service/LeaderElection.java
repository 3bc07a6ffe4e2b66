package org.qoeflow.controller.service;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.qoeflow.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election through Kafka's group protocol: every controller instance joins one consumer
 * group on the single-partition leader topic; the member assigned that partition leads. A crashed
 * leader loses it after the session timeout, a closed one at once.
 */
public final class LeaderElection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicBoolean leader = new AtomicBoolean();
    private final AtomicInteger terms = new AtomicInteger();
    private final String instance;

    public LeaderElection(Properties kafka, String group, String instance, Duration session) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.setProperty("group.id", group);
        p.setProperty("session.timeout.ms", Long.toString(session.toMillis()));
        p.setProperty(
                "heartbeat.interval.ms", Long.toString(Math.max(500, session.toMillis() / 5)));
        p.setProperty("enable.auto.commit", "false");
        this.instance = instance;
        this.consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(
                List.of(Topics.CONTROLLER_LEADER.name()),
                new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> parts) {
                        if (!parts.isEmpty() && leader.getAndSet(false)) {
                            LOG.info("{} stepped down", LeaderElection.this.instance);
                        }
                    }

                    @Override
                    public void onPartitionsLost(Collection<TopicPartition> parts) {
                        onPartitionsRevoked(parts);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> parts) {
                        if (!parts.isEmpty() && !leader.getAndSet(true)) {
                            terms.incrementAndGet();
                            LOG.info("{} is the leader", LeaderElection.this.instance);
                        }
                    }
                });
    }

    /** Heartbeats and handles rebalances; call at least every few hundred milliseconds. */
    public boolean poll() {
        consumer.poll(Duration.ZERO); // the leader topic carries no records
        return leader.get();
    }

    public boolean isLeader() {
        return leader.get();
    }

    /** How many times this instance became leader (a new term starts with a fresh recovery). */
    public int terms() {
        return terms.get();
    }

    @Override
    public void close() {
        leader.set(false);
        consumer.close();
    }
}
