package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qoeflow.controller.law.ControlLawTest.score;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.CohortVerdictKind;
import org.qoeflow.schema.CohortVerdictLevel;
import org.qoeflow.schema.Tier;

class CohortVerdictsTest {
    private static final Duration SKEW = Duration.ofSeconds(30);

    static CohortVerdict verdict(String variant, CohortVerdictLevel level, long windowEnd) {
        return CohortVerdict.newBuilder()
                .setRegion("eu")
                .setDeviceClass("phone-high")
                .setModelVariant(variant)
                .setWindowStart(Instant.ofEpochMilli(windowEnd - 5000))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setVerdict(level)
                .setWindowVerdict(level)
                .setFailingWindows(level == CohortVerdictLevel.FAIL ? 3 : 0)
                .setFailingWindowsNeeded(3)
                .setScore(50.0)
                .setCohortNodes(20)
                .setBaselineNodes(20)
                .setFailedMetrics(
                        level == CohortVerdictLevel.FAIL
                                ? List.of("latency", "success")
                                : List.of())
                .setMetrics(List.of())
                .setReason("test")
                .build();
    }

    private static Decision offloadDecision(ControlLaw law, FleetView view, long now) {
        return law.decide(view, now).stream()
                .filter(d -> d.scope().startsWith("offload/"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void failingVerdictOffloadsTheVariantsScopeAndSaysRollBackForTheHold() {
        ControlLaw law = new ControlLaw(LawOptions.DEFAULTS);
        FleetView view = new FleetView();
        view.observe(score("c1", Tier.CLOUD, 100_000, 0.2, 1));
        view.observe(score("e1", Tier.EDGE, 100_000, 0.1, 1));

        assertThat(
                        law.cohortVerdicts()
                                .record(
                                        verdict("m", CohortVerdictLevel.FAIL, 100_000),
                                        101_000,
                                        SKEW))
                .isEmpty();
        Decision d = offloadDecision(law, view, 101_000);
        assertThat(d.scope()).isEqualTo("offload/eu/phone-high/m");
        assertThat(d.offloadThresholdMs())
                .isEqualTo(LawOptions.DEFAULTS.offload().thresholdMinMs());
        assertThat(d.reason())
                .startsWith("roll back m: cohort failing (latency,success, score 50)");
        assertThat(law.cohortVerdicts().failingScopes(101_000))
                .containsExactly("offload/eu/phone-high/m");

        // A pass does not end the rollback early; the hold does.
        law.cohortVerdicts().record(verdict("m", CohortVerdictLevel.PASS, 105_000), 106_000, SKEW);
        assertThat(law.cohortVerdicts().failingScopes(106_000)).hasSize(1);
        long after = 100_000 + CohortVerdicts.DEFAULT_HOLD.toMillis();
        assertThat(law.cohortVerdicts().failingScopes(after)).isEmpty();
    }

    @Test
    void aFailingGroupShiftRollsNothingBackAndIsCounted() {
        ControlLaw law = new ControlLaw(LawOptions.DEFAULTS);
        FleetView view = new FleetView();
        view.observe(score("c1", Tier.CLOUD, 100_000, 0.2, 1));
        view.observe(score("e1", Tier.EDGE, 100_000, 0.1, 1));
        Decision before = offloadDecision(law, view, 101_000);
        CohortVerdict shift = verdict("group", CohortVerdictLevel.FAIL, 100_000);
        shift.setKind(CohortVerdictKind.GROUP_SHIFT);

        assertThat(law.cohortVerdicts().record(shift, 101_000, SKEW)).isEmpty();

        assertThat(law.cohortVerdicts().groupShiftFailures()).isEqualTo(1);
        assertThat(law.cohortVerdicts().failingScopes(101_000)).isEmpty();
        Decision d = offloadDecision(law, view, 101_000);
        assertThat(d.reason()).doesNotContain("roll back").isEqualTo(before.reason());
        assertThat(d.offloadThresholdMs()).isEqualTo(before.offloadThresholdMs());
        // The same record as a variant verdict would roll "group" back: the kind is what differs.
        shift.setKind(CohortVerdictKind.VARIANT);
        law.cohortVerdicts().record(shift, 101_000, SKEW);
        assertThat(law.cohortVerdicts().failingScopes(101_000))
                .containsExactly("offload/eu/phone-high/group");
    }

    @Test
    void otherVariantsAndNonFailingVerdictsLeaveTheLawAlone() {
        ControlLaw law = new ControlLaw(LawOptions.DEFAULTS);
        FleetView view = new FleetView();
        view.observe(score("c1", Tier.CLOUD, 100_000, 0.2, 1));
        view.observe(score("e1", Tier.EDGE, 100_000, 0.1, 1));
        law.cohortVerdicts()
                .record(verdict("other", CohortVerdictLevel.FAIL, 100_000), 101_000, SKEW);
        law.cohortVerdicts()
                .record(verdict("m", CohortVerdictLevel.MARGINAL, 100_000), 101_000, SKEW);
        Decision d = offloadDecision(law, view, 101_000);
        assertThat(d.reason()).doesNotContain("roll back");
        assertThat(d.offloadThresholdMs())
                .isGreaterThan(LawOptions.DEFAULTS.offload().thresholdMinMs());
    }

    @Test
    void hostileVerdictsAreRefusedWithAReason() {
        var v = new CohortVerdicts(Duration.ofMinutes(1));
        CohortVerdict slash = verdict("a/b", CohortVerdictLevel.FAIL, 100_000);
        assertThat(v.record(slash, 101_000, SKEW)).contains(ScoreRejection.IDENTIFIER);
        CohortVerdict future = verdict("m", CohortVerdictLevel.FAIL, 500_000);
        assertThat(v.record(future, 101_000, SKEW)).contains(ScoreRejection.FUTURE);
        assertThat(v.failingScopes(101_000)).isEmpty();
    }
}
