package org.qoeflow.controller.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.controller.law.ControlLawTest;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.ScoreLimits;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.schema.ControlKeys;
import org.qoeflow.schema.ControlKind;
import org.qoeflow.schema.ControlSignatures;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * Forged scores next to real ones, and forged control records on the topic a restarted controller
 * resumes from, on a real broker: the published scopes, weights and versions are those of the real
 * scores and the controller's own signed records.
 */
class ControllerTrustITCase {
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

    static Properties props() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("auto.offset.reset", "earliest");
        return p;
    }

    static void send(TopicDescriptor<?> topic, String key, byte[] value) throws Exception {
        try (var producer =
                new KafkaProducer<>(
                        props(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic.name(), TopicDescriptor.key(key), value))
                    .get();
        }
    }

    static void score(QoeScore s) throws Exception {
        send(Topics.QOE_SCORES, s.getNodeId(), Topics.QOE_SCORES.codec().encode(s));
    }

    static List<ControlUpdate> controlTopic() throws Exception {
        List<ControlUpdate> out = new ArrayList<>();
        try (var c =
                new KafkaConsumer<>(
                        props(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var parts =
                    c.partitionsFor(Topics.CONTROL.name()).stream()
                            .map(
                                    p ->
                                            new org.apache.kafka.common.TopicPartition(
                                                    p.topic(), p.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(Topics.CONTROL.codec().decode(r.value()));
                }
            }
        }
        return out;
    }

    static ControllerExecutor controller(ControlSigning signing, PrometheusRegistry registry) {
        return Controllers.kafka(
                props(),
                LawOptions.DEFAULTS.withPace(Duration.ofMillis(1), 1.0),
                registry,
                "ctl-" + System.nanoTime(),
                signing,
                ScoreLimits.DEFAULTS);
    }

    static ControlUpdate runUntil(ControllerExecutor c, String scope, long minVersion)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            c.runOnce(Duration.ofMillis(200));
            ControlUpdate u = c.lastUpdate();
            if (u != null && u.getScope().equals(scope) && u.getVersion() >= minVersion) {
                return u;
            }
        }
        throw new AssertionError("no update for " + scope);
    }

    @Test
    void forgedScoresAndForgedControlRecordsSteerNothing(@TempDir Path keys) throws Exception {
        ControlKeys.generate(keys, "ctl");
        ControlSigning signing = ControlSigning.fromFiles(keys.resolve("ctl.key"), null);
        long now = System.currentTimeMillis();
        QoeScore inf = ControlLawTest.score("fake-inf", Tier.CLOUD, now, 0.0, 1);
        inf.setLatencyP95Ms(Double.POSITIVE_INFINITY);
        QoeScore region = ControlLawTest.score("fake-r", Tier.CLOUD, now, 0.0, 1);
        region.setRegion("fake-region/x");
        QoeScore slash = ControlLawTest.score("fake-e", Tier.EDGE, now, 0.0, 1);
        slash.setDeviceClass("phone/high");
        QoeScore future = ControlLawTest.score("fake-f", Tier.CLOUD, now + 86_400_000L * 365, 0, 1);
        QoeScore success7 = ControlLawTest.score("fake-s", Tier.CLOUD, now, -3, 7);
        for (QoeScore s :
                List.of(
                        ControlLawTest.score("c1", Tier.CLOUD, now, 0.2, 1),
                        inf,
                        region,
                        slash,
                        future,
                        success7,
                        ControlLawTest.score("c2", Tier.CLOUD, now, 0.6, 1))) {
            score(s);
        }
        send(Topics.QOE_SCORES, "garbage", new byte[] {0, 1, 2});

        PrometheusRegistry registry = new PrometheusRegistry();
        long first;
        try (ControllerExecutor a = controller(signing, registry)) {
            ControlUpdate u = runUntil(a, "routing/eu", 1);
            first = u.getVersion();
            assertThat(u.getRoutingWeights()).containsOnlyKeys("c1", "c2");
            assertThat(a.scoresRejected())
                    .containsEntry("not_finite", 1L)
                    .containsEntry("identifier", 2L)
                    .containsEntry("future", 1L)
                    .containsEntry("out_of_range", 1L);
        }
        assertThat(controlTopic()).extracting(ControlUpdate::getScope).containsOnly("routing/eu");

        // A forger writes the control topic: an unsigned null-threshold update, an unsigned
        // Long.MAX_VALUE version, and one signed with another key under the controller's key id.
        ControlUpdate nullThreshold =
                ControlUpdate.newBuilder()
                        .setScope("offload/eu/phone-high/m")
                        .setKind(ControlKind.OFFLOAD_THRESHOLD)
                        .setVersion(100)
                        .setIssuedAt(Instant.ofEpochMilli(now))
                        .setValidUntil(Instant.ofEpochMilli(now + 120_000))
                        .setOffloadThresholdMs(null)
                        .build();
        ControlUpdate maxVersion =
                ControlUpdate.newBuilder(nullThreshold)
                        .setScope("routing/eu")
                        .setKind(ControlKind.ROUTING_WEIGHTS)
                        .setVersion(Long.MAX_VALUE)
                        .setRoutingWeights(Map.of("fake", 1.0))
                        .build();
        ControlKeys.generate(keys.resolve("evil"), "ctl");
        ControlUpdate sameKeyId =
                ControlSignatures.sign(
                        ControlUpdate.newBuilder(maxVersion).setVersion(1_000).build(),
                        "ctl",
                        ControlKeys.privateKey(keys.resolve("evil/ctl.key")));
        for (ControlUpdate u : List.of(nullThreshold, maxVersion, sameKeyId)) {
            send(Topics.CONTROL, u.getScope(), Topics.CONTROL.codec().encode(u));
        }

        score(ControlLawTest.score("c2", Tier.CLOUD, now + 5000, 0.6, 0.5));
        score(ControlLawTest.score("e1", Tier.EDGE, now + 5000, 0.1, 1));
        PrometheusRegistry second = new PrometheusRegistry();
        try (ControllerExecutor b = controller(signing, second)) {
            ControlUpdate u = runUntil(b, "routing/eu", first + 1);
            assertThat(u.getRoutingWeights()).containsOnlyKeys("c1", "c2");
            assertThat(b.versions()).containsKey("offload/eu/phone-high/m");
            assertThat(b.versions().values()).allMatch(v -> v > 0 && v < 100);
        }
        // The controller's own records continue its sequence: 1, 2, 3, ... with no jump.
        RecoveryTrust trust = signing.recoveryTrust();
        List<Long> routing =
                controlTopic().stream()
                        .filter(u -> u.getScope().equals("routing/eu"))
                        .filter(u -> trust.check(u) == RecoveryTrust.Verdict.ACCEPTED)
                        .map(ControlUpdate::getVersion)
                        .toList();
        assertThat(routing).hasSizeGreaterThan(1);
        for (int i = 0; i < routing.size(); i++) {
            assertThat(routing.get(i)).isEqualTo(first + i);
        }
        assertThat(counter(second, "qoeflow_controller_recovery_records_rejected", "unsigned"))
                .isEqualTo(2);
        assertThat(counter(second, "qoeflow_controller_recovery_records_rejected", "tampered"))
                .isEqualTo(1);
        assertThat(counter(second, "qoeflow_controller_iteration_errors", null)).isZero();
    }

    static double counter(PrometheusRegistry r, String name, String reason) {
        for (var snapshot : r.scrape()) {
            if (snapshot.getMetadata().getName().equals(name)
                    && snapshot
                            instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot c) {
                for (var dp : c.getDataPoints()) {
                    if (reason == null || reason.equals(dp.getLabels().get("reason"))) {
                        return dp.getValue();
                    }
                }
            }
        }
        return Double.NaN;
    }
}
