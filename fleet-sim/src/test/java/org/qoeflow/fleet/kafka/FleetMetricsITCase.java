package org.qoeflow.fleet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qoeflow.fleet.client.TestingControl.offload;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.fleet.FleetMetrics;
import org.qoeflow.fleet.FleetSimulator;
import org.qoeflow.fleet.TestingScenarios;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.schema.ControlKeys;
import org.qoeflow.schema.ControlSignatures;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.Topics;

/** The fleet's metrics on a fresh registry while it runs against a real broker. */
class FleetMetricsITCase {
    private static EmbeddedKafka kafka;

    @TempDir Path keys;

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
    void exportsRequestsLatencyAppliedVersionsAndRejectionsByReason() throws Exception {
        ControlKeys.generate(keys.resolve("fleet"), "ctl-1");
        ControlKeys.generate(keys.resolve("attacker"), "evil");
        PrivateKey controller = ControlKeys.privateKey(keys.resolve("fleet/ctl-1.key"));
        PrivateKey attacker = ControlKeys.privateKey(keys.resolve("attacker/evil.key"));
        FleetSimulator sim = new FleetSimulator(TestingScenarios.demoFleet(40, 4, 200));
        sim.requireSignatures(ControlKeys.trustRing(keys.resolve("fleet")));
        PrometheusRegistry registry = new PrometheusRegistry();
        FleetMetrics metrics = new FleetMetrics(registry, sim);
        long validUntil = System.currentTimeMillis() + 600_000;
        try (FleetRunner runner = new FleetRunner(props(), sim, Duration.ofMillis(100), metrics);
                KafkaProducer<byte[], byte[]> control =
                        new KafkaProducer<>(
                                props(), new ByteArraySerializer(), new ByteArraySerializer())) {
            runner.start();
            send(
                    control,
                    ControlSignatures.sign(
                            offload("phone-high", 7, 200, validUntil), "ctl-1", controller));
            send(
                    control,
                    ControlSignatures.sign(
                            offload("phone-high", 99, 5, validUntil), "evil", attacker));
            send(control, offload("phone-high", 98, 5, validUntil));
            control.send(
                            new ProducerRecord<>(
                                    Topics.CONTROL.name(),
                                    "offload/phone-high".getBytes(StandardCharsets.UTF_8),
                                    "garbage".getBytes(StandardCharsets.UTF_8)))
                    .get();
            await(() -> scrape(registry).contains("reason=\"undecodable\"} 1.0"));
            await(() -> runner.eventsPublished() > 500);

            String text = scrape(registry);
            assertThat(text)
                    .contains(
                            "qoeflow_fleet_applied_control_version{scope=\"offload/phone-high\"} 7.0")
                    .contains("qoeflow_fleet_control_updates_applied_total 1.0")
                    .contains("qoeflow_fleet_control_updates_rejected_total{reason=\"forged\"} 1.0")
                    .contains(
                            "qoeflow_fleet_control_updates_rejected_total{reason=\"unsigned\"} 1.0")
                    .contains(
                            "qoeflow_fleet_control_updates_rejected_total{reason=\"tampered\"} 0.0")
                    // a rejected update's scope never becomes a label value
                    .doesNotContain("scope=\"offload/phone-high\"} 99")
                    .containsPattern(
                            "qoeflow_fleet_request_latency_seconds_bucket\\{region=\"[a-z-]+\",tier=\"EDGE\",le=\"0\\.5\"\\} [1-9]")
                    .containsPattern(
                            "qoeflow_fleet_cloud_node_requests_total\\{node=\"cloud-[a-z-]+-0\",region=\"[a-z-]+\"\\} [1-9]")
                    .doesNotContain("node=\"edge-");
            runner.close(); // stop the ticks: counters and the runner's own totals hold still
            double requests = sum(registry, "qoeflow_fleet_requests_total", "tier=\"EDGE\"");
            assertThat(requests).isEqualTo((double) runner.stats().requests());
            assertThat(sum(registry, "qoeflow_fleet_telemetry_published_total", ""))
                    .isEqualTo((double) runner.eventsPublished());
        }
    }

    private static double sum(PrometheusRegistry registry, String name, String labelMatch) {
        double total = 0;
        for (String line : scrape(registry).split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " "))
                    && line.contains(labelMatch)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    static String scrape(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, ControlUpdate u)
            throws Exception {
        producer.send(
                        new ProducerRecord<>(
                                Topics.CONTROL.name(),
                                u.getScope().getBytes(StandardCharsets.UTF_8),
                                Topics.CONTROL.codec().encode(u)))
                .get();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static Properties props() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }
}
