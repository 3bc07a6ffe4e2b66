package org.qoeflow.fleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qoeflow.fleet.FleetSimulator;
import org.qoeflow.fleet.TestingScenarios;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.fleet.client.TestingControl;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Scopes;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

class FleetRunnerITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PHONE_HIGH = "phone-high";
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        kafka.createTopic(Topics.TELEMETRY.name(), 2, Topics.TELEMETRY.topicConfigs());
        kafka.createTopic(Topics.CONTROL.name(), 1, Topics.CONTROL.topicConfigs());
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void publishesTelemetryAndFollowsTheControlTopic() throws Exception {
        FleetSimulator sim = new FleetSimulator(TestingScenarios.demoFleet(60, 4, 100));
        try (FleetRunner runner = new FleetRunner(clientProps(), sim, Duration.ofMillis(200));
                KafkaProducer<byte[], byte[]> control = new KafkaProducer<>(producerProps());
                KafkaConsumer<byte[], byte[]> telemetry = telemetryConsumer()) {
            runner.start();

            List<ConsumerRecord<byte[], byte[]>> first =
                    pollUntil(telemetry, rs -> rs.size() >= 200 && hasBothPayloads(rs));
            for (ConsumerRecord<byte[], byte[]> r : first) {
                Telemetry t = Topics.TELEMETRY.codec().decode(r.value());
                assertThat(TopicDescriptor.keyString(r.key())).isEqualTo(t.getNodeId());
                assertThat(r.timestamp()).isEqualTo(t.getEventTime().toEpochMilli());
                assertThat(t.getAppliedControlVersion()).isZero();
            }

            long validUntil = System.currentTimeMillis() + 600_000;
            send(control, TestingControl.offload(PHONE_HIGH, 5, 150, validUntil));
            await(() -> runner.appliedVersion(Scopes.offload(PHONE_HIGH)) == 5);
            long appliedAt = System.currentTimeMillis();

            List<Telemetry> phoneHighAfter = new ArrayList<>();
            pollUntil(
                    telemetry,
                    rs -> {
                        rs.stream()
                                .map(FleetRunnerITCase::decode)
                                .filter(t -> t.getDeviceClass().equals(PHONE_HIGH))
                                .filter(t -> t.getEventTime().toEpochMilli() > appliedAt)
                                .forEach(phoneHighAfter::add);
                        rs.clear();
                        return phoneHighAfter.size() >= 20;
                    });
            assertThat(phoneHighAfter)
                    .allSatisfy(t -> assertThat(t.getAppliedControlVersion()).isEqualTo(5));

            send(control, TestingControl.offload(PHONE_HIGH, 3, 900, validUntil));
            control.send(
                            new ProducerRecord<>(
                                    Topics.CONTROL.name(),
                                    TopicDescriptor.key(Scopes.offload("phone-mid")),
                                    "garbage".getBytes(StandardCharsets.UTF_8)))
                    .get();
            await(
                    () ->
                            runner.controlUpdatesUndecodable() == 1
                                    && runner.controlUpdatesReceived() == 2);

            assertThat(runner.appliedVersion(Scopes.offload(PHONE_HIGH))).isEqualTo(5);
            assertThat(runner.controlOutcomes(Outcome.STALE)).isEqualTo(1);
            assertThat(runner.controlUpdatesRejected()).isEqualTo(1);
            assertThat(runner.eventsPublished()).isPositive();
            assertThat(runner.publishFailures()).isZero();
            assertThat(runner.tickFailures()).isZero();
        }
    }

    @Test
    void aRestartedFleetRecoversTheLatestControlStateFromTheCompactedTopic() throws Exception {
        long validUntil = System.currentTimeMillis() + 600_000;
        try (KafkaProducer<byte[], byte[]> control = new KafkaProducer<>(producerProps())) {
            send(control, TestingControl.offload("embedded-low", 8, 900, validUntil));
            send(control, TestingControl.offload("embedded-low", 2, 100, validUntil));
        }
        FleetSimulator sim = new FleetSimulator(TestingScenarios.demoFleet(10, 2, 200));
        try (FleetRunner runner = new FleetRunner(clientProps(), sim, Duration.ofMillis(200))) {
            runner.start();
            await(() -> runner.appliedVersion(Scopes.offload("embedded-low")) == 8);
            await(() -> runner.controlOutcomes(Outcome.STALE) >= 1);
        }
    }

    private static Telemetry decode(ConsumerRecord<byte[], byte[]> r) {
        try {
            return Topics.TELEMETRY.codec().decode(r.value());
        } catch (DecodeException e) {
            throw new AssertionError("undecodable telemetry at offset " + r.offset(), e);
        }
    }

    private static boolean hasBothPayloads(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Object> payloads = records.stream().map(r -> decode(r).getPayload()).toList();
        return payloads.stream().anyMatch(NodeSample.class::isInstance)
                && payloads.stream().anyMatch(RequestFact.class::isInstance);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, ControlUpdate u)
            throws Exception {
        producer.send(
                        new ProducerRecord<>(
                                Topics.CONTROL.name(),
                                TopicDescriptor.key(u.getScope()),
                                Topics.CONTROL.codec().encode(u)))
                .get();
    }

    private static List<ConsumerRecord<byte[], byte[]>> pollUntil(
            KafkaConsumer<byte[], byte[]> consumer,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            if (done.test(records)) {
                return records;
            }
        }
        throw new AssertionError("timed out polling telemetry");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(50);
        }
    }

    private static Properties clientProps() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    private static Properties producerProps() {
        Properties p = clientProps();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    private static KafkaConsumer<byte[], byte[]> telemetryConsumer() {
        Properties p = clientProps();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> tps =
                List.of(
                        new TopicPartition(Topics.TELEMETRY.name(), 0),
                        new TopicPartition(Topics.TELEMETRY.name(), 1));
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        return consumer;
    }
}
