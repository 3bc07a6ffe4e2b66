package org.qoeflow.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qoeflow.cli.eval.FleetAnomalyEvaluation.BAD_MODEL_VARIANT;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.cli.eval.FleetAnomalyEvaluation.Settings;
import org.qoeflow.cli.eval.FleetResult.KindResult;
import org.qoeflow.fleet.sim.FleetModel;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.fleet.sim.Scenario.FaultKind;
import org.qoeflow.fleet.sim.Scenario.FaultSpec;
import org.qoeflow.fleet.sim.ScenarioLoader;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

class FleetAnomalyEvaluationTest {
    private static final long WINDOW = 5000;

    @Test
    void detectsInjectedIncidentsWithFewFalseAlarms() {
        var settings =
                new Settings(
                        fleet(60, 4, 150),
                        80 * 60_000L,
                        20 * 60_000L,
                        10 * 60_000L,
                        WINDOW,
                        AnomalyOptions.defaults(),
                        3);
        var result = new FleetAnomalyEvaluation(settings).run(m -> {});
        assertThat(result.incidents()).isEqualTo(6);
        assertThat(result.recall()).isGreaterThanOrEqualTo(0.5);
        assertThat(result.falseAlarmRate()).isLessThan(0.005);
        assertThat(result.medianDelayWindows()).isLessThanOrEqualTo(3);
    }

    @Test
    void badModelRolloutLabelsOnlyItsVariantsNodesAndCountsAsItsKind() {
        var eval = new FleetAnomalyEvaluation(settings(fleet(200, 8, 400), 60 * 60_000L));
        long start = 600_000;
        long end = 660_000;
        eval.addIncident(
                new FaultSpec(
                        FaultKind.BAD_MODEL_ROLLOUT,
                        start,
                        end,
                        "eu-west",
                        -1,
                        "phone-mid",
                        BAD_MODEL_VARIANT,
                        1.5,
                        0.2,
                        0,
                        0.5));

        // the window ending at the start is the incident's: the model applies a fault from the
        // step that ends at its start
        eval.judge(window("edge-000001", "eu-west", "phone-mid", start - 2 * WINDOW), false);
        eval.judge(
                window(
                        "edge-000001",
                        "eu-west",
                        "phone-mid",
                        start + 2 * WINDOW,
                        BAD_MODEL_VARIANT),
                true);
        eval.judge(window("edge-000002", "us-east", "phone-mid", start + 2 * WINDOW), true);
        // a device of the class that stayed on the old variant is not the rollout's
        eval.judge(window("edge-000004", "eu-west", "phone-mid", start + 2 * WINDOW), false);
        eval.judge(window("edge-000003", "eu-west", "phone-high", start + 2 * WINDOW), false);
        eval.judge(window("cloud-eu-west-0", "eu-west", "gpu-a100", start + 2 * WINDOW), false);
        // the two windows after the rollback still count as the incident's
        eval.judge(window("edge-000001", "eu-west", "phone-mid", end + WINDOW), false);
        eval.judge(window("edge-000001", "eu-west", "phone-mid", end + 2 * WINDOW), false);
        var result = eval.result();

        assertThat(result.perKind())
                .containsExactly(
                        Map.entry(FaultKind.BAD_MODEL_ROLLOUT, new KindResult(1, 1, 2, 1, 1)));
        assertThat(result.recall()).isEqualTo(1.0);
        assertThat(result.precision()).isEqualTo(0.5);
        assertThat(result.falseAlerts()).isEqualTo(1);
        assertThat(result.falseAlarmRate()).isEqualTo(1 / 6.0);
        assertThat(result.medianDelayWindows()).isEqualTo(3.0);
        assertThat(result.table()).contains("| BAD_MODEL_ROLLOUT | 1 | 1 | 1.00 | 2 | 1 of 1 |");
    }

    @Test
    void edgeDevicesOffloadingToASlowCloudNodeAreCountedApartFromNormalWindows() {
        var eval = new FleetAnomalyEvaluation(settings(fleet(200, 8, 400), 60 * 60_000L));
        long start = 600_000;
        eval.addIncident(
                new FaultSpec(
                        FaultKind.SLOW_NODE,
                        start,
                        start + 60_000,
                        "eu-west",
                        1,
                        null,
                        null,
                        4,
                        0,
                        0,
                        0));

        assertThat(eval.judge(window("cloud-eu-west-1", "eu-west", "gpu-a100", start), true))
                .isTrue();
        assertThat(eval.judge(window("edge-000001", "eu-west", "phone-mid", start), true)).isTrue();
        assertThat(eval.judge(window("edge-000002", "us-east", "phone-mid", start), true))
                .isFalse();
        var result = eval.result();

        assertThat(result.trueAlerts()).isEqualTo(1);
        assertThat(result.falseAlerts()).isEqualTo(1);
        assertThat(result.collateralAlerts()).isEqualTo(1);
        assertThat(result.collateralWindows()).isEqualTo(1);
        assertThat(result.normalWindows()).isEqualTo(1);
        assertThat(result.falseAlertsPerNodeDayWithCollateral())
                .isEqualTo(2 / 2.0 * 86_400_000.0 / WINDOW);
    }

    @Test
    void rotationRollsABadModelOutToPartOfALocallyInferringClassInOneRegion() {
        // Over 16 min: warm-up 1 min, then one incident of each kind every 3 min.
        Scenario fleet = fleet(60, 4, 150);
        var eval = new FleetAnomalyEvaluation(settings(fleet, 16 * 60_000L));
        FaultSpec rolloutFault =
                eval.schedule().stream()
                        .filter(f -> f.kind() == FaultKind.BAD_MODEL_ROLLOUT)
                        .findFirst()
                        .orElseThrow();
        Set<String> targeted = new HashSet<>();
        new FleetModel(
                        fleet,
                        0,
                        t -> {
                            if (t.getRegion().equals(rolloutFault.region())
                                    && t.getDeviceClass().equals(rolloutFault.deviceClass())) {
                                targeted.add(t.getNodeId());
                            }
                        })
                .step(0, 2000, o -> {});
        var result = eval.run(m -> {});

        // embedded-low offloads every request: the rollout goes to a phone class
        assertThat(rolloutFault.deviceClass()).isIn("phone-high", "phone-mid");
        assertThat(result.perKind()).containsOnlyKeys(FleetAnomalyEvaluation.KINDS);
        KindResult rollout = result.perKind().get(FaultKind.BAD_MODEL_ROLLOUT);
        assertThat(rollout.injected()).isEqualTo(1);
        // part of that class in that region (the rest is the cohort's baseline), no other node,
        // for each of 60-180 s plus two windows
        assertThat(targeted).hasSizeBetween(3, 20);
        assertThat(rollout.affectedNodes()).isBetween(1, targeted.size() - 1);
        assertThat(rollout.labelledWindows())
                .isBetween(13L * rollout.affectedNodes(), 38L * rollout.affectedNodes());
        assertThat(result.rollouts()).hasSize(1);
        assertThat(result.table()).contains("| BAD_MODEL_ROLLOUT | 1 |");
    }

    @Test
    void theSameSeedGivesTheSameEvaluation() {
        Settings s = settings(fleet(40, 2, 100), 8 * 60_000L);
        var a = new FleetAnomalyEvaluation(s).run(m -> {});
        var b = new FleetAnomalyEvaluation(s).run(m -> {});

        assertThat(a.windowsScored()).isPositive();
        assertThat(a).isEqualTo(b);
    }

    private static Scenario fleet(int devices, int cloudNodes, double qps) {
        return ScenarioLoader.load(ScenarioLoader.DEMO)
                .withDevices(devices)
                .withCloudNodes(cloudNodes)
                .withQps(qps);
    }

    private static Settings settings(Scenario fleet, long duration) {
        return new Settings(
                fleet, duration, 60_000, 3 * 60_000, WINDOW, AnomalyOptions.defaults(), 3);
    }

    private static QoeScore window(String node, String region, String deviceClass, long start) {
        return window(
                node,
                region,
                deviceClass,
                start,
                node.startsWith("cloud-") ? "large-fp16" : "tiny-int4");
    }

    private static QoeScore window(
            String node, String region, String deviceClass, long start, String variant) {
        boolean cloud = node.startsWith("cloud-");
        return QoeScore.newBuilder()
                .setNodeId(node)
                .setTier(cloud ? Tier.CLOUD : Tier.EDGE)
                .setRegion(region)
                .setDeviceClass(deviceClass)
                .setModelVariant(variant)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + WINDOW))
                .setRequestCount(10)
                .setSampleCount(5)
                .setSuccessRate(1.0)
                .setOffloadShare(0.0)
                .setAppliedControlVersion(0)
                .setLoadWeight(0.1)
                .setQoeIndex(0.9)
                .build();
    }
}
