package org.qoeflow.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qoeflow.cli.eval.FleetAnomalyEvaluation.BAD_MODEL_VARIANT;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qoeflow.cli.eval.FleetAnomalyEvaluation.KindResult;
import org.qoeflow.cli.eval.FleetAnomalyEvaluation.Settings;
import org.qoeflow.fleet.Fault;
import org.qoeflow.fleet.FleetOptions;
import org.qoeflow.fleet.FleetSimulator;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

class FleetAnomalyEvaluationTest {
    private static final long WINDOW = 5000;

    @Test
    void detectsInjectedIncidentsWithFewFalseAlarms() {
        var settings =
                new Settings(
                        FleetOptions.defaults()
                                .withEdgeNodes(60)
                                .withCloudNodes(4)
                                .withRequestsPerSecond(150)
                                .withSeed(3),
                        80 * 60_000L,
                        20 * 60_000L,
                        10 * 60_000L,
                        WINDOW,
                        1.5,
                        3);
        var result = new FleetAnomalyEvaluation(settings).run(m -> {});
        assertThat(result.incidents()).isEqualTo(6);
        assertThat(result.recall()).isGreaterThanOrEqualTo(0.5);
        assertThat(result.falseAlarmRate()).isLessThan(0.005);
        assertThat(result.medianDelayWindows()).isLessThanOrEqualTo(3);
    }

    @Test
    void badModelRolloutLabelsOnlyItsRegionAndClassAndCountsAsItsKind() {
        var eval = new FleetAnomalyEvaluation(settings(FleetOptions.defaults(), 60 * 60_000L));
        long start = 600_000;
        long end = 660_000;
        eval.addIncident(
                Fault.badModelRollout("eu-west", "phone-mid", BAD_MODEL_VARIANT, start, end));

        eval.judge(window("edge-000001", "eu-west", "phone-mid", start - WINDOW), false);
        eval.judge(window("edge-000001", "eu-west", "phone-mid", start + 2 * WINDOW), true);
        eval.judge(window("edge-000002", "us-east", "phone-mid", start + 2 * WINDOW), true);
        eval.judge(window("edge-000003", "eu-west", "phone-high", start + 2 * WINDOW), false);
        eval.judge(window("cloud-eu-west-0", "eu-west", "gpu-a100", start + 2 * WINDOW), false);
        // the two windows after the rollback still count as the incident's
        eval.judge(window("edge-000001", "eu-west", "phone-mid", end + WINDOW), false);
        eval.judge(window("edge-000001", "eu-west", "phone-mid", end + 2 * WINDOW), false);
        var result = eval.result();

        assertThat(result.perKind())
                .containsExactly(
                        Map.entry(Fault.Kind.BAD_MODEL_ROLLOUT, new KindResult(1, 1, 2, 1, 1)));
        assertThat(result.recall()).isEqualTo(1.0);
        assertThat(result.precision()).isEqualTo(0.5);
        assertThat(result.falseAlerts()).isEqualTo(1);
        assertThat(result.falseAlarmRate()).isEqualTo(1 / 5.0);
        assertThat(result.medianDelayWindows()).isEqualTo(3.0);
        assertThat(result.table()).contains("| BAD_MODEL_ROLLOUT | 1 | 1 | 2 | 1 of 1 |");
    }

    @Test
    void rotationRollsABadModelOutToEveryDeviceOfALocallyInferringClass() {
        // One region; embedded-low offloads every request, so the rollout must reach phone-mid.
        FleetOptions fleet =
                FleetOptions.defaults()
                        .withEdgeNodes(30)
                        .withCloudNodes(2)
                        .withRegions(List.of("eu-west"))
                        .withRequestsPerSecond(60)
                        .withClassMix(Map.of("phone-mid", 1.0, "embedded-low", 1.0))
                        .withSeed(5);
        int phoneMid =
                (int)
                        new FleetSimulator(fleet)
                                .advance(0, 2000).stream()
                                        .filter(t -> t.getDeviceClass().equals("phone-mid"))
                                        .map(Telemetry::getNodeId)
                                        .distinct()
                                        .count();
        // warm-up 1 min, then one incident of each kind every 3 min
        var result = new FleetAnomalyEvaluation(settings(fleet, 16 * 60_000L)).run(m -> {});

        assertThat(result.perKind()).containsOnlyKeys(Fault.Kind.values());
        KindResult rollout = result.perKind().get(Fault.Kind.BAD_MODEL_ROLLOUT);
        assertThat(rollout.injected()).isEqualTo(1);
        // every phone-mid device, no other node, for each of 60-180 s plus two windows
        assertThat(phoneMid).isBetween(5, 25);
        assertThat(rollout.affectedNodes()).isEqualTo(phoneMid);
        assertThat(rollout.labelledWindows() % phoneMid).isZero();
        assertThat(rollout.labelledWindows() / phoneMid).isBetween(14L, 38L);
        assertThat(result.table()).contains("| BAD_MODEL_ROLLOUT | 1 |");
    }

    private static Settings settings(FleetOptions fleet, long duration) {
        return new Settings(fleet, duration, 60_000, 3 * 60_000, WINDOW, 1.5, 3);
    }

    private static QoeScore window(String node, String region, String deviceClass, long start) {
        boolean cloud = node.startsWith("cloud-");
        return QoeScore.newBuilder()
                .setNodeId(node)
                .setTier(cloud ? Tier.CLOUD : Tier.EDGE)
                .setRegion(region)
                .setDeviceClass(deviceClass)
                .setModelVariant(
                        cloud
                                ? FleetSimulator.CLOUD_MODEL_VARIANT
                                : FleetSimulator.EDGE_MODEL_VARIANT)
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
