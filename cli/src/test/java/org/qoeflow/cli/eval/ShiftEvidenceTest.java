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

class ShiftEvidenceTest {
    private static final long WINDOW = 5000;
    private static final long WAVE_START = 120_000;
    private static final Incident WAVE =
            new Incident(
                    new FaultSpec(
                            FaultKind.THERMAL_WAVE,
                            WAVE_START,
                            WAVE_START + 60_000,
                            null,
                            -1,
                            "phone-mid",
                            null,
                            1,
                            0,
                            25,
                            0));

    @Test
    void aThermalWaveIsCaughtWhenItsClassGetsHotterThanAMinuteBefore() {
        var evidence = new ShiftEvidence(CohortOptions.DEFAULTS, WINDOW, 0);
        for (long start = 0; start < WAVE_START + 30_000; start += WINDOW) {
            double heat = start >= WAVE_START ? 10 : 0;
            evidence.observe(window(start, heat, 0), List.of(WAVE));
        }
        // the first two hot windows fail: FAIL at the end of the second (k = 2)
        assertThat(evidence.caughtAt(WAVE)).hasValue(WAVE_START + 2 * WINDOW);
        assertThat(evidence.coverage(WAVE)).isEqualTo("2 of 2");
        assertThat(evidence.counts().falseWindows()).isZero();
    }

    @Test
    void aClassGettingHotterWithNoIncidentIsAFalseFailOfOneEpisodePerGroup() {
        var evidence = new ShiftEvidence(CohortOptions.DEFAULTS, WINDOW, 0);
        for (long start = 0; start < WAVE_START - 30_000; start += WINDOW) {
            double heat = start >= 70_000 ? 10 : 0; // before the wave: nothing explains it
            evidence.observe(window(start, 0, heat), List.of(WAVE));
        }
        assertThat(evidence.caughtAt(WAVE)).isEmpty();
        // in each region, windows from 70 s against the cool ones a minute before: 70-85 s fail,
        // FAIL from 75 s, one episode per region
        assertThat(evidence.counts().falseWindows()).isEqualTo(2 * 3);
        assertThat(evidence.counts().falseEpisodes()).isEqualTo(2);
    }

    /** Twenty phone-mid and twenty phone-high devices in each of two regions, heated as given. */
    private static List<QoeScore> window(long start, double phoneMidHeat, double phoneHighHeat) {
        List<QoeScore> out = new ArrayList<>();
        for (String region : List.of("eu-west", "us-east")) {
            for (String cls : List.of("phone-mid", "phone-high")) {
                double heat = cls.equals("phone-mid") ? phoneMidHeat : phoneHighHeat;
                for (int i = 0; i < 20; i++) {
                    out.add(
                            score(
                                    region + "-" + cls + "-" + i,
                                    region,
                                    cls,
                                    start,
                                    35 + i * 0.1 + heat));
                }
            }
        }
        return out;
    }

    private static QoeScore score(
            String node, String region, String cls, long start, double temperature) {
        return QoeScore.newBuilder()
                .setNodeId(node)
                .setTier(Tier.EDGE)
                .setRegion(region)
                .setDeviceClass(cls)
                .setModelVariant("tiny-int4")
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + WINDOW))
                .setRequestCount(10)
                .setSampleCount(5)
                .setLatencyP95Ms(200.0)
                .setTemperatureC(temperature)
                .setSuccessRate(1.0)
                .setOffloadShare(0.0)
                .setAppliedControlVersion(0)
                .setLoadWeight(0.1)
                .setQoeIndex(0.9)
                .build();
    }
}
