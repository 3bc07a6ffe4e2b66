package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.service.ControlSink;
import org.qoeflow.controller.service.ControllerExecutor;
import org.qoeflow.controller.service.Controllers;
import org.qoeflow.controller.service.SigningControlSink;
import org.qoeflow.fleet.FleetSimulator;
import org.qoeflow.fleet.client.ControlClient;
import org.qoeflow.fleet.kafka.FleetRunner;
import org.qoeflow.jobs.JobOptions;
import org.qoeflow.jobs.QoeScoringJob;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.kafka.TestingTopics;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.ControlKeys;
import org.qoeflow.schema.ControlKind;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * The whole loop on a real broker and a MiniCluster at parallelism 2: fleet telemetry -> QoE scores
 * -> controller -> control update -> the fleet applies it and reports it in telemetry.
 */
class EndToEndITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static EmbeddedKafka kafka;
    static Properties props;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        props = new Properties();
        props.setProperty("bootstrap.servers", kafka.bootstrapServers());
        TopicSetup.ensure(props, 2);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void fleetAppliesTheControllersUpdateAndGarbageOnlyReachesTheDlq() throws Exception {
        JobOptions jobOptions =
                new JobOptions(
                        props,
                        "e2e-" + UUID.randomUUID(),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(2),
                        JobOptions.DEFAULT_MAX_FUTURE_SKEW,
                        DeliveryGuarantee.AT_LEAST_ONCE,
                        "e2e",
                        true,
                        QoeOptions.DEFAULTS,
                        org.qoeflow.jobs.anomaly.AnomalyJobOptions.DEFAULTS);
        LawOptions control =
                LawOptions.DEFAULTS.withPace(
                        Duration.ofSeconds(1), LawOptions.DEFAULTS.routing().weightSmoothing());
        var fleetScenario = DemoFleet.scenario(12, 2, 60, 42, Duration.ZERO, Duration.ZERO);

        java.nio.file.Path keys = java.nio.file.Files.createTempDirectory("e2e-keys");
        ControlKeys.generate(keys, "ctl-e2e");
        FleetSimulator simulator = new FleetSimulator(fleetScenario);
        simulator.requireSignatures(ControlKeys.trustRing(keys));
        ControlSink.Decorator signing =
                SigningControlSink.with(
                        "ctl-e2e", ControlKeys.privateKey(keys.resolve("ctl-e2e.key")));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        JobClient job = QoeScoringJob.wire(env, jobOptions).executeAsync("e2e");
        try (ControllerExecutor controller =
                        Controllers.kafka(
                                props,
                                control.withRegionScopes(false),
                                new PrometheusRegistry(),
                                "e2e-ctl",
                                signing);
                FleetRunner fleet = new FleetRunner(props, simulator, Duration.ofMillis(100))) {
            controller.start();
            fleet.start();

            // 1. Scores come out, with the load weight the math predicts from their own stats.
            QoeScore scored = consumeFirst(Topics.QOE_SCORES, s -> s.getRequestCount() > 0);
            double expected =
                    new QoeMath(QoeOptions.DEFAULTS)
                            .loadWeight(scored.getLatencyP95Ms(), scored.getSuccessRate());
            assertThat(scored.getLoadWeight()).isCloseTo(expected, within(1e-12));

            // 2. The controller publishes an offload threshold for a device class.
            ControlUpdate update =
                    consumeFirst(Topics.CONTROL, u -> u.getKind() == ControlKind.OFFLOAD_THRESHOLD);
            String deviceClass = update.getScope().substring("offload/".length());
            assertThat(update.getVersion()).isPositive();
            assertThat(update.getValidUntil()).isAfter(update.getIssuedAt());

            // 3. The fleet applies it and reports it back in its telemetry, seen in the scores.
            await(() -> fleet.appliedVersion(update.getScope()) >= update.getVersion());
            QoeScore reported =
                    consumeFirst(
                            Topics.QOE_SCORES,
                            s ->
                                    s.getTier() == Tier.EDGE
                                            && s.getDeviceClass().equals(deviceClass)
                                            && s.getAppliedControlVersion() >= update.getVersion());
            assertThat(reported.getAppliedControlVersion())
                    .isGreaterThanOrEqualTo(update.getVersion());

            // 4. Someone who can write the control topic but holds no key cannot steer the fleet.
            long held = fleet.appliedVersion(update.getScope());
            ControlUpdate forged =
                    ControlUpdate.newBuilder(update)
                            .setVersion(held + 1000)
                            .setOffloadThresholdMs(1.0)
                            .setKeyId("")
                            .setSignature(null)
                            .build();
            try (var producer =
                    new KafkaProducer<>(
                            props, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(
                                new ProducerRecord<>(
                                        Topics.CONTROL.name(),
                                        TopicDescriptor.key(forged.getScope()),
                                        Topics.CONTROL.codec().encode(forged)))
                        .get();
            }
            await(() -> fleet.controlOutcomes(ControlClient.Outcome.UNSIGNED) >= 1);
            assertThat(fleet.appliedVersion(update.getScope())).isLessThan(held + 1000);

            // 5. Garbage goes to the DLQ and scoring goes on.
            Instant garbageAt = Instant.now();
            try (var producer =
                    new KafkaProducer<>(
                            props, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(
                                new ProducerRecord<>(
                                        Topics.TELEMETRY.name(),
                                        "x".getBytes(),
                                        new byte[] {1, 2, 3}))
                        .get();
            }
            DeadLetter dead = consumeFirst(Topics.DLQ, d -> true);
            assertThat(dead.getErrorClass()).isEqualTo("DecodeException");
            consumeFirst(Topics.QOE_SCORES, s -> s.getWindowStart().isAfter(garbageAt));
        } finally {
            job.cancel().get();
        }
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            Thread.sleep(100);
        }
    }

    static <T extends SpecificRecord> T consumeFirst(TopicDescriptor<T> topic, Predicate<T> match)
            throws Exception {
        return TestingTopics.firstMatching(
                props.getProperty("bootstrap.servers"),
                topic.name(),
                topic.codec()::decode,
                match,
                Duration.ofSeconds(90));
    }
}
