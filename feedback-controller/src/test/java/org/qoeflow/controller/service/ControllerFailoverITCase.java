package org.qoeflow.controller.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qoeflow.controller.law.ControlLaw;
import org.qoeflow.controller.law.ControlLawTest;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.VersionLedger;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/** Two controller instances on one broker: one writes, the survivor continues the sequence. */
class ControllerFailoverITCase {
    static EmbeddedKafka kafka;
    static final String TXN = "qoeflow-controller-it";

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        Topics.all().forEach(t -> kafka.createTopic(t.name(), t.partitions(2), t.topicConfigs()));
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    static Properties props() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("auto.offset.reset", "earliest");
        return p;
    }

    static LawOptions fast() {
        return LawOptions.DEFAULTS.withPace(Duration.ofMillis(1), 1.0);
    }

    static ControllerExecutor instance(String id) {
        ControllerMetrics metrics = new ControllerMetrics(new PrometheusRegistry());
        return new ControllerExecutor(
                new ControlLaw(fast()),
                new KafkaScoreSource(props(), "scores-" + id, metrics),
                new KafkaLeadership(
                        props(), id, Duration.ofSeconds(6), TXN, ControlSink.Decorator.none()),
                new VersionLedger(),
                metrics,
                Clock.systemUTC());
    }

    static void sendLoad(double loadOfC2) throws Exception {
        long now = System.currentTimeMillis();
        try (var producer =
                new KafkaProducer<>(
                        props(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (QoeScore s :
                    List.of(
                            ControlLawTest.score("c1", Tier.CLOUD, now, 0.1, 1),
                            ControlLawTest.score("c2", Tier.CLOUD, now, loadOfC2, 1))) {
                producer.send(
                                new ProducerRecord<>(
                                        Topics.QOE_SCORES.name(),
                                        TopicDescriptor.key(s.getNodeId()),
                                        Topics.QOE_SCORES.codec().encode(s)))
                        .get();
            }
        }
    }

    /** Runs both instances until the routing scope reaches {@code version}. */
    static void runUntil(List<ControllerExecutor> instances, long version) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (ControllerExecutor c : instances) {
                c.runOnce(Duration.ofMillis(100));
                ControlUpdate u = c.lastUpdate();
                if (u != null && u.getScope().equals("routing/eu") && u.getVersion() >= version) {
                    return;
                }
            }
        }
        throw new AssertionError("routing/eu did not reach version " + version);
    }

    static List<Long> committedVersions() {
        Properties p = props();
        p.setProperty("group.id", "check-" + UUID.randomUUID());
        p.setProperty("isolation.level", "read_committed");
        List<Long> versions = new ArrayList<>();
        try (var consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CONTROL.name()));
            long quiet = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < quiet) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    try {
                        ControlUpdate u = Topics.CONTROL.codec().decode(r.value());
                        if (u.getScope().equals("routing/eu")) {
                            versions.add(u.getVersion());
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return versions;
    }

    @Test
    void oneInstanceWritesAndTheSurvivorContinuesTheSequence() throws Exception {
        ControllerExecutor a = instance("a");
        ControllerExecutor b = instance("b");
        try {
            sendLoad(0.2);
            runUntil(List.of(a, b), 1);
            sendLoad(0.7);
            runUntil(List.of(a, b), 2);
            assertThat(a.leading() ^ b.leading()).as("exactly one leader").isTrue();

            ControllerExecutor leader = a.leading() ? a : b;
            ControllerExecutor survivor = a.leading() ? b : a;
            leader.close();

            sendLoad(0.3);
            runUntil(List.of(survivor), 3);
            assertThat(survivor.leading()).isTrue();
        } finally {
            a.close();
            b.close();
        }
        // No version written twice, none skipped, across the failover.
        assertThat(committedVersions()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aDeposedLeaderThatStillThinksItLeadsIsFencedAndWritesNothing() throws Exception {
        String txn = TXN + "-zombie";
        TransactionalControlSink old = new TransactionalControlSink(props(), txn);
        ControlUpdate u =
                ControlUpdate.newBuilder()
                        .setScope("routing/zombie")
                        .setKind(org.qoeflow.schema.ControlKind.ROUTING_WEIGHTS)
                        .setVersion(1)
                        .setIssuedAt(java.time.Instant.now())
                        .setValidUntil(java.time.Instant.now().plusSeconds(60))
                        .build();
        old.publish(u);
        try (TransactionalControlSink newer = new TransactionalControlSink(props(), txn)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> old.publish(ControlUpdate.newBuilder(u).setVersion(2).build()))
                    .isInstanceOf(TransactionalControlSink.FencedException.class);
            newer.publish(ControlUpdate.newBuilder(u).setVersion(2).setReason("newer").build());
        } finally {
            old.close();
        }
        Properties p = props();
        p.setProperty("isolation.level", "read_committed");
        var latest = ControlTopicRecovery.latest(p, Duration.ofSeconds(10));
        assertThat(latest.get("routing/zombie").getReason()).isEqualTo("newer");
    }
}
