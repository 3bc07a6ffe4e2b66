package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

class ScopeBudgetTest {
    static final long NOW = 1_000_000;
    final ScopeBudget budget =
            new ScopeBudget(
                    ScoreLimits.DEFAULTS.withScopeBounds(2, 2, 2, 2, 3), Duration.ofSeconds(30));

    static QoeScore at(String node, Tier tier, String region, long windowEnd) {
        QoeScore s = ControlLawTest.score(node, tier, windowEnd, 0.2, 1);
        s.setRegion(region);
        return s;
    }

    @Test
    void refusesNewRegionsBeyondTheBoundButKeepsKnownOnes() {
        assertThat(budget.admit(at("c1", Tier.CLOUD, "eu", NOW), NOW)).isEmpty();
        assertThat(budget.admit(at("c2", Tier.CLOUD, "us", NOW), NOW)).isEmpty();
        assertThat(budget.admit(at("c3", Tier.CLOUD, "fake", NOW), NOW))
                .contains(ScoreRejection.TOO_MANY_REGIONS);
        assertThat(budget.admit(at("c1", Tier.CLOUD, "eu", NOW + 5000), NOW + 5000)).isEmpty();
        assertThat(budget.regions()).isEqualTo(2);
    }

    @Test
    void forgetsNamesWhoseScoresStoppedSoForgedOnesCannotLockRealOnesOut() {
        budget.admit(at("f1", Tier.CLOUD, "fake1", NOW), NOW);
        budget.admit(at("f2", Tier.CLOUD, "fake2", NOW), NOW);
        assertThat(budget.admit(at("c1", Tier.CLOUD, "eu", NOW), NOW))
                .contains(ScoreRejection.TOO_MANY_REGIONS);
        long later = NOW + 31_000;
        assertThat(budget.admit(at("c1", Tier.CLOUD, "eu", later), later)).isEmpty();
    }

    @Test
    void boundsCloudNodesPerRegion() {
        assertThat(budget.admit(at("c1", Tier.CLOUD, "eu", NOW), NOW)).isEmpty();
        assertThat(budget.admit(at("c2", Tier.CLOUD, "eu", NOW), NOW)).isEmpty();
        assertThat(budget.admit(at("fake", Tier.CLOUD, "eu", NOW), NOW))
                .contains(ScoreRejection.TOO_MANY_CLOUD_NODES);
        assertThat(budget.admit(at("c3", Tier.CLOUD, "us", NOW), NOW)).isEmpty();
    }

    @Test
    void boundsDeviceClassesVariantsAndEdgeNodes() {
        QoeScore a = at("e1", Tier.EDGE, "eu", NOW);
        QoeScore b = at("e2", Tier.EDGE, "eu", NOW);
        b.setDeviceClass("phone-mid");
        QoeScore c = at("e3", Tier.EDGE, "eu", NOW);
        c.setDeviceClass("toaster");
        assertThat(budget.admit(a, NOW)).isEmpty();
        assertThat(budget.admit(b, NOW)).isEmpty();
        assertThat(budget.admit(c, NOW)).contains(ScoreRejection.TOO_MANY_DEVICE_CLASSES);

        QoeScore v2 = at("e3", Tier.EDGE, "eu", NOW);
        v2.setModelVariant("m2");
        QoeScore v3 = at("e4", Tier.EDGE, "eu", NOW);
        v3.setModelVariant("m3");
        assertThat(budget.admit(v2, NOW)).isEmpty();
        assertThat(budget.admit(v3, NOW)).contains(ScoreRejection.TOO_MANY_MODEL_VARIANTS);
        assertThat(budget.admit(at("e5", Tier.EDGE, "eu", NOW), NOW))
                .contains(ScoreRejection.TOO_MANY_EDGE_NODES);
    }

    @Test
    void aRefusedScoreRecordsNothing() {
        budget.admit(at("c1", Tier.CLOUD, "eu", NOW), NOW);
        budget.admit(at("c2", Tier.CLOUD, "eu", NOW), NOW);
        budget.admit(at("fake", Tier.CLOUD, "eu", NOW), NOW);
        assertThat(budget.admit(at("c3", Tier.CLOUD, "us", NOW), NOW)).isEmpty();
        assertThat(budget.regions()).isEqualTo(2);
    }
}
