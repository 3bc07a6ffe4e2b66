package org.qoeflow.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qoeflow.cli.eval.FleetAnomalyEvaluation.Incident;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.fleet.sim.Scenario.FaultKind;
import org.qoeflow.fleet.sim.Scenario.FaultSpec;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

class CohortEvidenceTest {
    private static final long WINDOW = 5000;
    private static final Incident ROLLOUT =
            new Incident(
                    new FaultSpec(
                            FaultKind.BAD_MODEL_ROLLOUT,
                            10_000,
                            60_000,
                            "eu-west",
                            -1,
                            "phone-mid",
                            "tiny-int3",
                            1.5,
                            0.2,
                            0,
                            0.5));

    @Test
    void aBadRolloutIsCaughtAtTheEndOfItsSecondFailingWindow() {
        var evidence = new CohortEvidence(CohortOptions.DEFAULTS, WINDOW, 0);
        for (long start = 0; start < 40_000; start += WINDOW) {
            boolean active = start >= 10_000;
            evidence.observe(window(start, active ? 2.0 : 1.0, 1.0), List.of(ROLLOUT));
        }
        // windows [10 s, 15 s) and [15 s, 20 s) fail: FAIL at the end of the second (k = 2)
        assertThat(evidence.caughtAt(ROLLOUT)).hasValue(20_000);
        assertThat(evidence.falseFails().windows()).isZero();
        assertThat(evidence.falseFails().cohortWindows()).isEqualTo(8 * 2 * 2);
    }

    @Test
    void aWorseCohortNoRolloutExplainsIsAFalseFail() {
        var evidence = new CohortEvidence(CohortOptions.DEFAULTS, WINDOW, 0);
        for (long start = 0; start < 20_000; start += WINDOW) {
            // the same cohort in another region, where nothing was rolled out
            evidence.observe(window(start, 1.0, 2.0), List.of(ROLLOUT));
        }
        assertThat(evidence.caughtAt(ROLLOUT)).isEmpty();
        assertThat(evidence.falseFails().windows()).isEqualTo(3);
        assertThat(evidence.falseFails().episodes()).isEqualTo(1);
    }

    /** Ten nodes per variant of phone-mid in each region; the canaries this many times slower. */
    private static List<QoeScore> window(long start, double euWest, double usEast) {
        List<QoeScore> out = new ArrayList<>();
        for (String region : List.of("eu-west", "us-east")) {
            for (int i = 0; i < 20; i++) {
                boolean canary = i % 2 == 0;
                double factor = !canary ? 1.0 : region.equals("eu-west") ? euWest : usEast;
                out.add(score(region + "-" + i, region, canary, start, 100 * factor + i));
            }
        }
        return out;
    }

    private static QoeScore score(
            String node, String region, boolean canary, long start, double latency) {
        return QoeScore.newBuilder()
                .setNodeId(node)
                .setTier(Tier.EDGE)
                .setRegion(region)
                .setDeviceClass("phone-mid")
                .setModelVariant(canary ? "tiny-int3" : "tiny-int4")
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + WINDOW))
                .setRequestCount(10)
                .setSampleCount(5)
                .setLatencyP95Ms(latency)
                .setSuccessRate(1.0)
                .setOffloadShare(0.0)
                .setAppliedControlVersion(0)
                .setLoadWeight(0.1)
                .setQoeIndex(0.9)
                .build();
    }
}
