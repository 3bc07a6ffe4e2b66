package org.qoeflow.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qoeflow.cli.eval.CohortEvaluation.KResult;
import org.qoeflow.cli.eval.CohortEvaluation.RolloutResult;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.fleet.sim.ScenarioLoader;

class CohortEvaluationTest {
    private static Scenario fleet() {
        return ScenarioLoader.load(ScenarioLoader.DEMO)
                .withDevices(200)
                .withCloudNodes(8)
                .withQps(400)
                .withFaults(List.of());
    }

    private static CohortEvaluation.Settings settings(double latencyFactor, double failure) {
        // 35 simulated minutes: bad, healthy and thermal-wave incidents at 5, 15 and 25 min.
        return new CohortEvaluation.Settings(
                fleet(),
                35 * 60_000L,
                5 * 60_000L,
                10 * 60_000L,
                5000,
                latencyFactor,
                failure,
                0.5,
                List.of(1, CohortOptions.DEFAULTS.failAfterWindows()),
                CohortOptions.DEFAULTS,
                5);
    }

    @Test
    void badCanaryFailsWithinAMinuteAndNoHealthyCohortFails() {
        KResult shipped = new CohortEvaluation(settings(1.3, 0.1)).run().get(1);
        assertThat(shipped.k()).isEqualTo(CohortOptions.DEFAULTS.failAfterWindows());
        assertThat(shipped.badRollouts()).hasSize(1);
        RolloutResult bad = shipped.badRollouts().get(0);
        assertThat(bad.detected()).isTrue();
        assertThat(bad.secondsToVerdict()).isLessThanOrEqualTo(60);
        assertThat(shipped.healthyRollouts()).isEqualTo(1);
        assertThat(shipped.healthyRolloutsFailed()).isZero();
        assertThat(shipped.falseFailEpisodes()).isZero();
        assertThat(shipped.cohortWindows()).isGreaterThan(1000);
    }

    @Test
    void aVariantThatIsNotWorseIsNeverFailed() {
        // "Bad" rollouts that change nothing: every FAIL would be a false fail.
        for (KResult r : new CohortEvaluation(settings(1.0, 0.0)).run()) {
            assertThat(r.detected()).as("k=%d", r.k()).isZero();
            assertThat(r.healthyRolloutsFailed()).isZero();
        }
    }
}
