package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

public class ControlLawTest {

    public static QoeScore score(
            String node, Tier tier, long windowEnd, double load, double success) {
        return QoeScore.newBuilder()
                .setNodeId(node)
                .setTier(tier)
                .setRegion("eu")
                .setDeviceClass(tier == Tier.EDGE ? "phone-high" : "gpu")
                .setModelVariant("m")
                .setWindowStart(Instant.ofEpochMilli(windowEnd - 5000))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setRequestCount(10)
                .setSampleCount(1)
                .setLatencyP95Ms(300.0)
                .setOffloadedLatencyMeanMs(tier == Tier.EDGE ? 250.0 : null)
                .setSuccessRate(success)
                .setOffloadShare(0)
                .setAppliedControlVersion(0)
                .setLoadWeight(load)
                .setQoeIndex(0.5)
                .build();
    }

    @Test
    void decidesPerRegionAndDeviceClassAndSkipsUnchangedDecisions() {
        ControlLaw law = new ControlLaw(LawOptions.DEFAULTS);
        FleetView view = new FleetView();
        view.observe(score("c1", Tier.CLOUD, 100_000, 0.2, 1));
        view.observe(score("c2", Tier.CLOUD, 100_000, 0.4, 1));
        view.observe(score("e1", Tier.EDGE, 100_000, 0.1, 1));

        List<Decision> first = law.decide(view, 101_000);
        assertThat(first)
                .extracting(Decision::scope)
                .containsExactlyInAnyOrder("routing/eu", "offload/eu/phone-high/m");
        first.forEach(d -> law.markPublished(d, 101_000));

        // Same inputs: routing is unchanged, the threshold keeps converging (400 -> 384 -> 378)
        List<Decision> second = law.decide(view, 102_000);
        assertThat(second).extracting(Decision::scope).containsExactly("offload/eu/phone-high/m");
    }

    @Test
    void classWideScopesWhenRegionScopesAreOff() {
        ControlLaw law = new ControlLaw(LawOptions.DEFAULTS.withRegionScopes(false));
        FleetView view = new FleetView();
        view.observe(score("c1", Tier.CLOUD, 100_000, 0.2, 1));
        view.observe(score("e1", Tier.EDGE, 100_000, 0.1, 1));
        assertThat(law.decide(view, 101_000))
                .extracting(Decision::scope)
                .containsExactlyInAnyOrder("routing/eu", "offload/phone-high");
    }

    @Test
    void silentScopesFallBackToSafeDefaultsWithinTwoWindows() {
        ControlLaw law = new ControlLaw(LawOptions.DEFAULTS);
        FleetView view = new FleetView();
        long t = 100_000;
        Map<String, Double> lastRouting = new HashMap<>();
        for (; t <= 130_000; t += 5_000) {
            view.observe(score("c1", Tier.CLOUD, t, 0.2, 1));
            view.observe(score("c2", Tier.CLOUD, t, 0.5, 1));
            view.observe(score("e1", Tier.EDGE, t, 0.1, 1));
            for (Decision d : law.decide(view, t)) {
                law.markPublished(d, 130_000);
                if (d.routingWeights() != null) {
                    lastRouting = d.routingWeights();
                }
            }
        }
        long lastWindow = t - 5_000;
        // One window without telemetry: still deciding from data.
        assertThat(law.decide(view, lastWindow + 5_000)).isEmpty();
        assertThat(law.staleScopes()).isEmpty();

        // Two windows: both scopes fall back, and say so.
        List<Decision> fallback = law.decide(view, lastWindow + 10_000);
        assertThat(fallback).extracting(Decision::reason).containsOnly("fallback:stale-telemetry");
        assertThat(law.staleScopes())
                .containsExactlyInAnyOrder("routing/eu", "offload/eu/phone-high/m");
        Decision offload =
                fallback.stream()
                        .filter(d -> d.offloadThresholdMs() != null)
                        .findFirst()
                        .orElseThrow();
        assertThat(offload.offloadThresholdMs())
                .isEqualTo(LawOptions.DEFAULTS.fallback().fallbackThresholdMs());
        Decision routing =
                fallback.stream()
                        .filter(d -> d.offloadThresholdMs() == null)
                        .findFirst()
                        .orElseThrow();
        // Routing holds the last weights decided from telemetry (not uniform): blind, the law
        // has learnt nothing that would justify sending a node it had ranked down more traffic.
        assertThat(lastRouting.get("c1")).isNotEqualTo(0.5);
        assertThat(routing.routingWeights().keySet()).isEqualTo(lastRouting.keySet());
        lastRouting.forEach(
                (node, w) ->
                        assertThat(routing.routingWeights().get(node)).isCloseTo(w, within(1e-9)));
        fallback.forEach(d -> law.markPublished(d, lastWindow + 10_000));

        // Telemetry returns: the scope leaves the fallback.
        view.observe(score("c1", Tier.CLOUD, lastWindow + 15_000, 0.2, 1));
        view.observe(score("c2", Tier.CLOUD, lastWindow + 15_000, 0.5, 1));
        law.decide(view, lastWindow + 15_000);
        assertThat(law.staleScopes()).containsExactly("offload/eu/phone-high/m");
    }

    @Test
    void staleRoutingHoldsTheLastWeightsWithDrainedNodesStillDrained() {
        ControlLaw law = new ControlLaw(LawOptions.DEFAULTS);
        law.restore(
                new Decision(
                        "routing/eu",
                        org.qoeflow.schema.ControlKind.ROUTING_WEIGHTS,
                        null,
                        Map.of("c1", 0.7, "c2", 0.3, "c3", 0.0),
                        "peak-ewma-cost;drained=[c3]"),
                90_000);
        FleetView view = new FleetView();
        law.decide(view, 100_000);
        List<Decision> fallback = law.decide(view, 110_000);
        assertThat(fallback).hasSize(1);
        assertThat(fallback.get(0).reason()).isEqualTo("fallback:stale-telemetry");
        assertThat(fallback.get(0).routingWeights())
                .containsEntry("c1", 0.7)
                .containsEntry("c2", 0.3)
                .containsEntry("c3", 0.0);
        assertThat(law.staleScopes()).containsExactly("routing/eu");
    }

    @Test
    void restoredScopesDoNotFallBackBeforeTheFirstTwoWindows() {
        ControlLaw law = new ControlLaw(LawOptions.DEFAULTS);
        law.restore(
                new Decision(
                        "routing/eu",
                        org.qoeflow.schema.ControlKind.ROUTING_WEIGHTS,
                        null,
                        java.util.Map.of("c1", 0.8, "c2", 0.2),
                        "x"),
                90_000);
        FleetView view = new FleetView();
        assertThat(law.decide(view, 100_000)).isEmpty();
        assertThat(law.decide(view, 110_000))
                .extracting(Decision::reason)
                .containsExactly("fallback:stale-telemetry");
    }

    @Test
    void staleNodesAreForgotten() {
        ControlLaw law = new ControlLaw(LawOptions.DEFAULTS);
        FleetView view = new FleetView();
        view.observe(score("c1", Tier.CLOUD, 100_000, 0.2, 1));
        assertThat(law.decide(view, 100_000 + 31_000)).isEmpty();
        assertThat(view.size()).isZero();
    }

    @Test
    void olderWindowDoesNotReplaceNewerOne() {
        FleetView view = new FleetView();
        view.observe(score("c1", Tier.CLOUD, 100_000, 0.2, 1));
        view.observe(score("c1", Tier.CLOUD, 95_000, 0.9, 0.1));
        var fresh = view.fresh(Tier.CLOUD, 0).get("eu");
        assertThat(fresh).singleElement().satisfies(v -> assertThat(v.loadWeight()).isEqualTo(0.2));
    }

    @Test
    void versionsIncreasePerScopeAndContinueAfterRestore() {
        VersionLedger ledger = new VersionLedger();
        assertThat(ledger.next("a")).isEqualTo(1);
        assertThat(ledger.next("a")).isEqualTo(2);
        assertThat(ledger.next("b")).isEqualTo(1);
        VersionLedger restarted = new VersionLedger();
        restarted.restore("a", 2);
        restarted.restore("a", 1); // an older record read later never moves it back
        assertThat(restarted.next("a")).isEqualTo(3);
    }

    @Test
    void invalidOptionsNameTheField() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                new DrainOptions(
                                        1.5,
                                        0.1,
                                        java.time.Duration.ofSeconds(60),
                                        0.34,
                                        1.0,
                                        0.001))
                .hasMessageContaining("successFloor must be in [0, 1], got 1.5");
    }

    @Test
    void anomalyAlertDrainsACloudNodeForTheHoldPeriod() {
        ControlLaw law = new ControlLaw(LawOptions.DEFAULTS);
        FleetView view = new FleetView();
        view.observe(score("c1", Tier.CLOUD, 100_000, 0.2, 1));
        view.observe(score("c2", Tier.CLOUD, 100_000, 0.6, 0.85)); // costly: backs the alert
        view.observe(
                org.qoeflow.schema.AnomalyScore.newBuilder()
                        .setNodeId("c2")
                        .setTier(Tier.CLOUD)
                        .setRegion("eu")
                        .setDeviceClass("gpu")
                        .setWindowStart(Instant.ofEpochMilli(95_000))
                        .setWindowEnd(Instant.ofEpochMilli(100_000))
                        .setRawScore(9)
                        .setLikelihood(0.9)
                        .setThreshold(3)
                        .setAlert(true)
                        .setModelVersion("v")
                        .build());
        Decision drained =
                law.decide(view, 101_000).stream()
                        .filter(d -> d.scope().equals("routing/eu"))
                        .findFirst()
                        .orElseThrow();
        assertThat(drained.routingWeights().get("c2")).isZero();
        law.markPublished(drained, 101_000);

        // Fresh scores, no new alert: after the 60 s hold c2 gets traffic again.
        view.observe(score("c1", Tier.CLOUD, 165_000, 0.2, 1));
        view.observe(score("c2", Tier.CLOUD, 165_000, 0.2, 1));
        Decision restored =
                law.decide(view, 166_000).stream()
                        .filter(d -> d.scope().equals("routing/eu"))
                        .findFirst()
                        .orElseThrow();
        // ...ramping up at the rate limit rather than jumping back.
        assertThat(restored.routingWeights().get("c2")).isCloseTo(0.1, within(1e-9));
    }
}
