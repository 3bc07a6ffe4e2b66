package org.qoeflow.controller.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qoeflow.controller.law.ControlLawTest;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

class ControllerRestartITCase {
    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        Topics.all().forEach(t -> kafka.createTopic(t.name(), t.partitions(2), t.topicConfigs()));
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    Properties props() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("auto.offset.reset", "earliest");
        return p;
    }

    void send(QoeScore s) throws Exception {
        try (var producer =
                new KafkaProducer<>(
                        props(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    Topics.QOE_SCORES.name(),
                                    TopicDescriptor.key(s.getNodeId()),
                                    Topics.QOE_SCORES.codec().encode(s)))
                    .get();
        }
    }

    ControlUpdate runUntilUpdate(ControllerExecutor c, String scope) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            c.runOnce(Duration.ofMillis(200));
            ControlUpdate u = c.lastUpdate();
            if (u != null && u.getScope().equals(scope)) {
                return u;
            }
        }
        throw new AssertionError("no update for " + scope);
    }

    @Test
    void restartedControllerContinuesTheVersionSequence() throws Exception {
        long now = System.currentTimeMillis();
        LawOptions fast = LawOptions.DEFAULTS.withPace(Duration.ofMillis(1), 1.0);
        send(ControlLawTest.score("c1", Tier.CLOUD, now, 0.2, 1));
        send(ControlLawTest.score("c2", Tier.CLOUD, now, 0.6, 1));
        long firstVersion;
        try (ControllerExecutor a =
                Controllers.kafka(props(), fast, new PrometheusRegistry(), "ctl-a")) {
            ControlUpdate u = runUntilUpdate(a, "routing/eu");
            firstVersion = u.getVersion();
            assertThat(firstVersion).isEqualTo(1);
            assertThat(u.getRoutingWeights().get("c1"))
                    .isGreaterThan(u.getRoutingWeights().get("c2"));
        }

        // c2 fails: the new controller must drain it under the next version, not reuse 1.
        send(ControlLawTest.score("c2", Tier.CLOUD, now + 5000, 0.6, 0.5));
        try (ControllerExecutor b =
                Controllers.kafka(props(), fast, new PrometheusRegistry(), "ctl-b")) {
            b.runOnce(Duration.ZERO); // its first term resumes from the control topic
            assertThat(b.versions().get("routing/eu")).isGreaterThanOrEqualTo(firstVersion);
            ControlUpdate u = runUntilUpdate(b, "routing/eu");
            assertThat(u.getVersion()).isEqualTo(firstVersion + 1);
            assertThat(u.getRoutingWeights().get("c2")).isZero();
            assertThat(u.getReason()).contains("drained=[c2]");
        }
    }
}
