package org.qoeflow.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.controller.service.ControlSink;
import org.qoeflow.controller.service.KafkaControlSink;
import org.qoeflow.controller.service.SigningControlSink;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.schema.ControlKeys;
import org.qoeflow.schema.ControlKind;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.Scopes;
import org.qoeflow.schema.Topics;

/**
 * A real HAProxy in front of three HTTP backends (one per cloud node), a real broker, and control
 * updates signed and published by the controller's own sinks: the share of requests each backend
 * receives follows the controller's weights, a drained node receives none, unsigned, forged and
 * older updates change nothing, and weights survive controller silence and an HAProxy restart.
 */
class HaproxyRouterITCase {
    static final String[] SERVERS = {"node0", "node1", "node2"};
    static final String[] NODES = {"cloud-eu-0", "cloud-eu-1", "cloud-eu-2"};
    static final int REQUESTS = 400;

    /** Roundrobin is deterministic, so the shares land close to the weights' ratios. */
    static final double TOLERANCE = 0.03;

    static final long RESYNC_MILLIS = 200;

    static EmbeddedKafka kafka;

    @TempDir Path tmp;

    @BeforeAll
    static void startBroker() {
        if (haproxyInstalled()) {
            kafka = EmbeddedKafka.start();
            kafka.createTopic(Topics.CONTROL.name(), 1, Topics.CONTROL.topicConfigs());
        }
    }

    @BeforeEach
    void needsHaproxy() {
        Assumptions.assumeTrue(kafka != null, "haproxy not installed (Debian package haproxy)");
    }

    static boolean haproxyInstalled() {
        if (TestingHaproxy.binary() == null) {
            System.out.println(
                    "SKIPPED HaproxyRouterITCase: haproxy not on PATH or in /usr/sbin; install"
                            + " with: apt-get install haproxy");
            return false;
        }
        return true;
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void haproxyRoutesRequestsByTheControllersSignedWeights() throws Exception {
        ControlKeys.generate(tmp.resolve("keys"), "ctl-1");
        ControlKeys.generate(tmp.resolve("attacker"), "evil");
        PrivateKey key = ControlKeys.privateKey(tmp.resolve("keys/ctl-1.key"));
        PrivateKey evil = ControlKeys.privateKey(tmp.resolve("attacker/evil.key"));
        PrometheusRegistry registry = new PrometheusRegistry();
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", kafka.bootstrapServers());

        try (TestingBackends backends = new TestingBackends(SERVERS);
                TestingHaproxy haproxy =
                        TestingHaproxy.start(TestingHaproxy.binary(), tmp, backends.ports());
                KafkaControlSink topic = new KafkaControlSink(props);
                ControlSink controller = new SigningControlSink(topic, "ctl-1", key);
                ControlSink forger = new SigningControlSink(topic, "evil", evil);
                RouterRunner router =
                        new RouterRunner(
                                RouterConfig.parse(config(haproxy)),
                                Map.of(
                                        "ctl-1",
                                        ControlKeys.publicKey(tmp.resolve("keys/ctl-1.pub"))),
                                props,
                                new RouterMetrics(registry))) {
            router.start();
            HaproxySocket api = new HaproxySocket(haproxy.runtimeApi(), Duration.ofSeconds(2));

            // Before any update HAProxy keeps its configured, equal weights.
            assertShares(backends.shares(haproxy.port, REQUESTS), 1 / 3.0, 1 / 3.0, 1 / 3.0);

            controller.publish(routing(1, 0.5, 0.3, 0.2, Duration.ofMinutes(5)));
            awaitWeights(api, 256, 154, 102);
            assertShares(backends.shares(haproxy.port, REQUESTS), 0.5, 0.3, 0.2);

            // Node 2 drained; this update's valid_until passes soon and nothing newer comes.
            ControlUpdate drained = routing(2, 0.7, 0.3, 0.0, Duration.ofSeconds(3));
            controller.publish(drained);
            awaitWeights(api, 256, 110, 0);
            Map<String, Double> afterDrain = backends.shares(haproxy.port, REQUESTS);
            assertShares(afterDrain, 0.7, 0.3, 0.0);
            assertThat(afterDrain.get("node2")).as("a drained node receives none").isZero();

            topic.publish(routing(3, 0.0, 0.0, 1.0, Duration.ofMinutes(5))); // unsigned
            forger.publish(routing(4, 0.0, 0.0, 1.0, Duration.ofMinutes(5))); // untrusted key
            controller.publish(routing(1, 0.0, 0.0, 1.0, Duration.ofMinutes(5))); // older
            await(
                    "the three bad updates are counted",
                    () ->
                            updates(registry, "unsigned") == 1
                                    && updates(registry, "forged") == 1
                                    && updates(registry, "stale") == 1);
            Thread.sleep(2 * RESYNC_MILLIS); // a sync that would have applied them has run
            assertThat(api.weights(TestingHaproxy.BACKEND).values()).containsExactly(256, 110, 0);
            assertShares(backends.shares(haproxy.port, REQUESTS), 0.7, 0.3, 0.0);

            // Controller silence past valid_until, then HAProxy restarts with weight 1 everywhere:
            // the router sees the drift and puts the last accepted weights back.
            long wait = drained.getValidUntil().toEpochMilli() - System.currentTimeMillis();
            Thread.sleep(Math.max(0, wait) + 100);
            double driftBefore =
                    counter(registry, "qoeflow_router_weight_changes", "cause", "drift");
            haproxy.restart();
            awaitWeights(api, 256, 110, 0);
            assertThat(counter(registry, "qoeflow_router_weight_changes", "cause", "drift"))
                    .isGreaterThan(driftBefore);
            assertShares(backends.shares(haproxy.port, REQUESTS), 0.7, 0.3, 0.0);
            assertThat(updates(registry, "applied")).isEqualTo(2);
        }
    }

    static String config(TestingHaproxy haproxy) {
        StringBuilder yaml =
                new StringBuilder()
                        .append("haproxy: {runtime-api: '")
                        .append(haproxy.runtimeApi())
                        .append("'}\nresync-every: ")
                        .append(RESYNC_MILLIS)
                        .append("ms\nregions:\n  eu:\n");
        for (int i = 0; i < NODES.length; i++) {
            yaml.append("    ")
                    .append(NODES[i])
                    .append(": ")
                    .append(TestingHaproxy.BACKEND)
                    .append('/')
                    .append(SERVERS[i])
                    .append('\n');
        }
        return yaml.toString();
    }

    static ControlUpdate routing(long version, double w0, double w1, double w2, Duration valid) {
        Instant now = Instant.now();
        return ControlUpdate.newBuilder()
                .setScope(Scopes.routing("eu"))
                .setKind(ControlKind.ROUTING_WEIGHTS)
                .setVersion(version)
                .setIssuedAt(now)
                .setValidUntil(now.plus(valid))
                .setRoutingWeights(Map.of(NODES[0], w0, NODES[1], w1, NODES[2], w2))
                .setReason("test")
                .build();
    }

    static void assertShares(Map<String, Double> shares, double... expected) {
        for (int i = 0; i < SERVERS.length; i++) {
            assertThat(shares.get(SERVERS[i]))
                    .as("share of %s in %s", SERVERS[i], shares)
                    .isCloseTo(expected[i], within(TOLERANCE));
        }
    }

    static void awaitWeights(HaproxySocket api, Integer... weights) throws Exception {
        await(
                "HAProxy weights " + Arrays.toString(weights),
                () -> {
                    try {
                        return List.copyOf(api.weights(TestingHaproxy.BACKEND).values())
                                .equals(List.of(weights));
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static double updates(PrometheusRegistry registry, String outcome) {
        return counter(registry, "qoeflow_router_updates", "outcome", outcome);
    }

    static double counter(PrometheusRegistry registry, String name, String label, String value) {
        CounterSnapshot s =
                (CounterSnapshot)
                        registry.scrape().stream()
                                .filter(m -> m.getMetadata().getName().equals(name))
                                .findFirst()
                                .orElseThrow();
        return s.getDataPoints().stream()
                .filter(d -> d.getLabels().equals(Labels.of(label, value)))
                .findFirst()
                .orElseThrow()
                .getValue();
    }
}
