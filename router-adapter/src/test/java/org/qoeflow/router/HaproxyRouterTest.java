package org.qoeflow.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.fleet.client.TestingControl;
import org.qoeflow.schema.ControlSignatures;
import org.qoeflow.schema.ControlUpdate;

class HaproxyRouterTest {
    static final ServerRef A = new ServerRef("be", "a");
    static final ServerRef B = new ServerRef("be", "b");
    static final ServerRef OTHER = new ServerRef("be", "not-mapped");
    static final RouterConfig CONFIG =
            RouterConfig.parse(
                    "haproxy: {runtime-api: 'unix:/x'}\n"
                            + "regions: {eu: {cloud-eu-0: be/a, cloud-eu-1: be/b}}\n");
    static final long NOW = 1_000_000L;

    KeyPair controller;
    KeyPair attacker;
    PrometheusRegistry registry;
    TestingRuntimeApi haproxy;
    HaproxyRouter router;

    @BeforeEach
    void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        controller = g.generateKeyPair();
        attacker = g.generateKeyPair();
        registry = new PrometheusRegistry();
        haproxy = new TestingRuntimeApi(Map.of(A, 1, B, 1, OTHER, 1));
        router =
                new HaproxyRouter(
                        CONFIG,
                        new RoutingState(CONFIG, Map.of("ctl-1", controller.getPublic())),
                        haproxy,
                        new RouterMetrics(registry),
                        () -> NOW);
    }

    ControlUpdate routing(long version, double a, double b) {
        return TestingControl.routing(
                "eu", version, Map.of("cloud-eu-0", a, "cloud-eu-1", b), NOW + 10_000);
    }

    ControlUpdate signed(ControlUpdate u) {
        return ControlSignatures.sign(u, "ctl-1", controller.getPrivate());
    }

    @Test
    void appliesASignedUpdateAndLeavesUnmappedServersAlone() {
        assertThat(router.offer(signed(routing(1, 0.75, 0.25)), NOW)).isEqualTo(Outcome.APPLIED);
        assertThat(router.sync()).isTrue();
        assertThat(haproxy.weights)
                .containsEntry(A, 256)
                .containsEntry(B, 85)
                .containsEntry(OTHER, 1);
        assertThat(counter("qoeflow_router_weight_changes", "cause", "update")).isEqualTo(2);
        assertThat(router.sync()).isTrue();
        assertThat(haproxy.sets).hasSize(2); // nothing to do once in sync
    }

    @Test
    void beforeAnyUpdateHaproxyKeepsItsConfiguredWeights() {
        assertThat(router.sync()).isTrue();
        assertThat(haproxy.sets).isEmpty();
    }

    @Test
    void unsignedForgedTamperedAndOlderUpdatesChangeNothingAndAreCountedByReason() {
        router.offer(signed(routing(2, 0.5, 0.5)), NOW);
        router.sync();
        haproxy.sets.clear();

        ControlUpdate tampered = signed(routing(3, 1.0, 0.0));
        tampered.setRoutingWeights(Map.of("cloud-eu-0", 0.0, "cloud-eu-1", 1.0));
        assertThat(router.offer(routing(3, 1.0, 0.0), NOW)).isEqualTo(Outcome.UNSIGNED);
        assertThat(
                        router.offer(
                                ControlSignatures.sign(
                                        routing(4, 1.0, 0.0), "ctl-1", attacker.getPrivate()),
                                NOW))
                .isEqualTo(Outcome.TAMPERED);
        assertThat(
                        router.offer(
                                ControlSignatures.sign(
                                        routing(5, 1.0, 0.0), "evil", attacker.getPrivate()),
                                NOW))
                .isEqualTo(Outcome.FORGED);
        assertThat(router.offer(tampered, NOW)).isEqualTo(Outcome.TAMPERED);
        assertThat(router.offer(signed(routing(1, 1.0, 0.0)), NOW)).isEqualTo(Outcome.STALE);
        assertThat(router.offer(signed(routing(2, 1.0, 0.0)), NOW)).isEqualTo(Outcome.DUPLICATE);
        router.sync();

        assertThat(haproxy.sets).isEmpty();
        assertThat(haproxy.weights).containsEntry(A, 256).containsEntry(B, 256);
        assertThat(counter("qoeflow_router_updates", "outcome", "unsigned")).isEqualTo(1);
        assertThat(counter("qoeflow_router_updates", "outcome", "forged")).isEqualTo(1);
        assertThat(counter("qoeflow_router_updates", "outcome", "tampered")).isEqualTo(2);
        assertThat(counter("qoeflow_router_updates", "outcome", "stale")).isEqualTo(1);
        assertThat(counter("qoeflow_router_updates", "outcome", "applied")).isEqualTo(1);
    }

    @Test
    void repairsDriftAfterARestartAndCountsItAsDrift() {
        router.offer(signed(routing(1, 1.0, 0.0)), NOW);
        router.sync();
        haproxy.weights.putAll(Map.of(A, 1, B, 1)); // HAProxy restarted with its configured weights
        assertThat(router.sync()).isTrue();
        assertThat(haproxy.weights).containsEntry(A, 256).containsEntry(B, 0);
        assertThat(counter("qoeflow_router_weight_changes", "cause", "drift")).isEqualTo(2);
    }

    @Test
    void keepsTheLastWeightsWhenTheControllerFallsSilentPastValidUntil() {
        router.offer(signed(routing(1, 0.5, 0.25)), NOW);
        router.sync();
        // valid_until passed long ago and nothing new came: the held update stays in force
        haproxy.weights.put(B, 1);
        assertThat(router.sync()).isTrue();
        assertThat(haproxy.weights).containsEntry(A, 256).containsEntry(B, 128);
        // ... but an update that was already expired when it arrived is refused
        assertThat(router.offer(signed(routing(2, 0.0, 1.0)), NOW + 20_000))
                .isEqualTo(Outcome.EXPIRED);
    }

    @Test
    void anUnreachableHaproxyIsCountedAndRetriedAtTheNextSync() {
        router.offer(signed(routing(1, 1.0, 1.0)), NOW);
        haproxy.down = true;
        assertThat(router.sync()).isFalse();
        assertThat(counter("qoeflow_router_errors", "op", "read")).isEqualTo(1);
        haproxy.down = false;
        assertThat(router.sync()).isTrue();
        assertThat(haproxy.weights).containsEntry(A, 256).containsEntry(B, 256);
    }

    @Test
    void aMappedServerHaproxyLacksIsReportedAndTheOthersAreStillSet() {
        haproxy.weights.remove(B);
        router.offer(signed(routing(1, 0.5, 0.5)), NOW);
        assertThat(router.sync()).isFalse();
        assertThat(haproxy.weights).containsEntry(A, 256);
        assertThat(gauge("qoeflow_router_missing_servers")).isEqualTo(1);
    }

    @Test
    void otherScopesAreIgnoredNotCountedAsRoutingOutcomes() {
        router.offer(
                signed(TestingControl.routing("us", 1, Map.of("cloud-eu-0", 0.0), NOW + 1)), NOW);
        router.offer(signed(TestingControl.offload("phone", 1, 80.0, NOW + 1)), NOW);
        router.sync();
        assertThat(haproxy.sets).isEmpty();
        assertThat(counter("qoeflow_router_updates_ignored", null, null)).isEqualTo(2);
        assertThat(counter("qoeflow_router_updates", "outcome", "applied")).isZero();
    }

    double counter(String name, String label, String value) {
        CounterSnapshot s =
                (CounterSnapshot)
                        registry.scrape().stream()
                                .filter(m -> m.getMetadata().getName().equals(name))
                                .findFirst()
                                .orElseThrow();
        Labels want = label == null ? Labels.EMPTY : Labels.of(label, value);
        return s.getDataPoints().stream()
                .filter(d -> d.getLabels().equals(want))
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    double gauge(String name) {
        GaugeSnapshot g =
                (GaugeSnapshot)
                        registry.scrape().stream()
                                .filter(m -> m.getMetadata().getName().equals(name))
                                .findFirst()
                                .orElseThrow();
        return g.getDataPoints().get(0).getValue();
    }
}
