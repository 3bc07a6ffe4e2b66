package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
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
        ControlLaw law = new ControlLaw(ControlOptions.DEFAULTS);
        FleetView view = new FleetView();
        view.observe(score("c1", Tier.CLOUD, 100_000, 0.2, 1));
        view.observe(score("c2", Tier.CLOUD, 100_000, 0.4, 1));
        view.observe(score("e1", Tier.EDGE, 100_000, 0.1, 1));

        List<Decision> first = law.decide(view, 101_000);
        assertThat(first)
                .extracting(Decision::scope)
                .containsExactlyInAnyOrder("routing/eu", "offload/phone-high");
        first.forEach(d -> law.markPublished(d, 101_000));

        // Same inputs: routing is unchanged, the threshold keeps converging (400 -> 340 -> 316)
        List<Decision> second = law.decide(view, 102_000);
        assertThat(second).extracting(Decision::scope).containsExactly("offload/phone-high");
    }

    @Test
    void staleNodesAreForgotten() {
        ControlLaw law = new ControlLaw(ControlOptions.DEFAULTS);
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
                                new ControlOptions(
                                        java.time.Duration.ofSeconds(30),
                                        1.5,
                                        0.02,
                                        0.5,
                                        400,
                                        50,
                                        3000,
                                        0.4,
                                        150,
                                        60,
                                        0.8,
                                        java.time.Duration.ofMinutes(2),
                                        java.time.Duration.ofSeconds(5),
                                        java.time.Duration.ofSeconds(60)))
                .hasMessageContaining("successFloor must be in [0.0, 1.0], got 1.5");
    }

    @Test
    void anomalyAlertDrainsACloudNodeForTheHoldPeriod() {
        ControlLaw law = new ControlLaw(ControlOptions.DEFAULTS);
        FleetView view = new FleetView();
        view.observe(score("c1", Tier.CLOUD, 100_000, 0.2, 1));
        view.observe(score("c2", Tier.CLOUD, 100_000, 0.2, 1));
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
        assertThat(restored.routingWeights().get("c2")).isGreaterThan(0.2);
    }
}
