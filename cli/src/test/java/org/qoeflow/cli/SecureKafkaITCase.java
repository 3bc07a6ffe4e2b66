package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.ScoreLimits;
import org.qoeflow.controller.service.ControlSigning;
import org.qoeflow.controller.service.ControllerExecutor;
import org.qoeflow.controller.service.Controllers;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.kafka.TlsFiles;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * The pipeline's roles on a SASL_SSL (SCRAM-SHA-512) broker with the per-role ACLs of {@link
 * RoleAcls}: a plain producer logged in as the job writes scores, the real controller reads them
 * and writes control, the fleet writes telemetry and reads control, and is denied writing control
 * or scores.
 */
class SecureKafkaITCase {
    @TempDir static Path dir;
    static EmbeddedKafka kafka;
    static final RoleAcls ROLES = RoleAcls.defaults();

    @BeforeAll
    static void start() {
        TlsFiles tls = TlsFiles.generate(dir.resolve("tls"));
        kafka = EmbeddedKafka.builder().saslSsl(tls, "admin", "admin-secret-0").start();
        Topics.all().forEach(t -> kafka.createTopic(t.name(), t.partitions(1), t.topicConfigs()));
        for (String user : List.of(ROLES.fleet(), ROLES.controller(), ROLES.job())) {
            kafka.createScramUser(user, user + "-secret");
        }
        kafka.createAcls(ROLES.bindings());
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    static Properties as(String user) {
        Properties p = kafka.clientProperties(user, user + "-secret");
        p.setProperty("auto.offset.reset", "earliest");
        p.setProperty("max.block.ms", "15000");
        return p;
    }

    static void send(String user, TopicDescriptor<?> topic, String key, byte[] value)
            throws Exception {
        try (var producer =
                new KafkaProducer<>(
                        as(user), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic.name(), TopicDescriptor.key(key), value))
                    .get();
        }
    }

    static void assertDenied(String user, TopicDescriptor<?> topic) {
        try {
            send(user, topic, "x", new byte[] {1});
            fail(user + " could write " + topic.name());
        } catch (Exception e) {
            Throwable t = e;
            while (t != null && !(t instanceof TopicAuthorizationException)) {
                t = t.getCause();
            }
            assertThat(t).as("cause chain of " + e).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    static QoeScore score(String node, long windowEnd, double load) {
        return QoeScore.newBuilder()
                .setNodeId(node)
                .setTier(Tier.CLOUD)
                .setRegion("eu")
                .setDeviceClass("gpu")
                .setModelVariant("m")
                .setWindowStart(java.time.Instant.ofEpochMilli(windowEnd - 5000))
                .setWindowEnd(java.time.Instant.ofEpochMilli(windowEnd))
                .setRequestCount(10)
                .setSampleCount(1)
                .setLatencyP95Ms(300.0)
                .setSuccessRate(1)
                .setOffloadShare(0)
                .setAppliedControlVersion(0)
                .setLoadWeight(load)
                .setQoeIndex(0.5)
                .build();
    }

    @Test
    void eachRoleDoesItsJobAndNoMore() throws Exception {
        long now = System.currentTimeMillis();
        // The fleet publishes telemetry (content is the job's concern, not the broker's).
        send(ROLES.fleet(), Topics.TELEMETRY, "edge-000001", new byte[] {0});
        // A plain producer logged in as the job stands in for the scoring job.
        for (QoeScore s : List.of(score("c1", now, 0.2), score("c2", now, 0.6))) {
            send(
                    ROLES.job(),
                    Topics.QOE_SCORES,
                    s.getNodeId(),
                    Topics.QOE_SCORES.codec().encode(s));
        }
        // The real controller, logged in as the controller, reads scores and writes control.
        ControlUpdate published = null;
        try (ControllerExecutor controller =
                Controllers.kafka(
                        as(ROLES.controller()),
                        LawOptions.DEFAULTS.withPace(Duration.ofMillis(1), 1.0),
                        new PrometheusRegistry(),
                        "qoeflow-controller-it",
                        ControlSigning.none(),
                        ScoreLimits.DEFAULTS)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (published == null && System.nanoTime() < deadline) {
                controller.runOnce(Duration.ofMillis(200));
                published = controller.lastUpdate();
            }
        }
        assertThat(published).isNotNull();
        assertThat(published.getScope()).isEqualTo("routing/eu");

        // The fleet reads what the controller wrote.
        List<ControlUpdate> seen = new ArrayList<>();
        try (var consumer =
                new KafkaConsumer<>(
                        as(ROLES.fleet()),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.CONTROL.name(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(Topics.CONTROL.codec().decode(r.value()));
                }
            }
        }
        assertThat(seen).extracting(ControlUpdate::getScope).contains("routing/eu");

        // ... and may not steer anything.
        assertDenied(ROLES.fleet(), Topics.CONTROL);
        assertDenied(ROLES.fleet(), Topics.QOE_SCORES);
        assertDenied(ROLES.fleet(), Topics.ANOMALY_SCORES);
        assertDenied(ROLES.job(), Topics.CONTROL);
        assertDenied(ROLES.controller(), Topics.QOE_SCORES);
    }
}
