package org.qoeflow.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qoeflow.fleet.FleetEvents.e2e;
import static org.qoeflow.fleet.FleetEvents.edge;
import static org.qoeflow.fleet.FleetEvents.fact;
import static org.qoeflow.fleet.FleetEvents.mean;
import static org.qoeflow.fleet.FleetEvents.requests;
import static org.qoeflow.fleet.FleetEvents.samples;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.fleet.client.TestingControl;
import org.qoeflow.fleet.sim.FleetModel;
import org.qoeflow.fleet.sim.Policy;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.fleet.sim.Scenario.FaultKind;
import org.qoeflow.fleet.sim.Scenario.FaultSpec;
import org.qoeflow.fleet.sim.ScenarioLoader;
import org.qoeflow.fleet.sim.Simulation;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

class FleetSimulatorTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long FAR = T0 + 3_600_000;

    /** The demo fleet, larger, without its fault. */
    static Scenario small() {
        return TestingScenarios.demoFleet(300, 8, 200).withSeed(7);
    }

    @Test
    void sameSeedGivesSameEvents() {
        List<Telemetry> a = new FleetSimulator(small()).advance(T0, T0 + 5_000);
        List<Telemetry> b = new FleetSimulator(small()).advance(T0, T0 + 5_000);

        assertThat(a).isNotEmpty().isEqualTo(b);
    }

    @Test
    void theClockedFleetRunsTheSameModelAsTheSimulator() {
        Scenario s = ScenarioLoader.load(ScenarioLoader.DEMO).withDurationMs(400_000);
        List<Telemetry> simulated = new java.util.ArrayList<>();
        new Simulation(s, new Policy.Static(400), new Simulation.Options(null, simulated::add))
                .run();
        FleetSimulator live = new FleetSimulator(s);
        List<Telemetry> clocked = new java.util.ArrayList<>();
        for (long t = 0; t < 400_000; t += 200) {
            clocked.addAll(live.advance(t, t + 200));
        }

        // the same requests, samples and the demo's bad node, with no controller in either
        assertThat(clocked).hasSize(simulated.size()).isEqualTo(simulated);
        assertThat(
                        failureShare(
                                clocked.subList(clocked.size() / 2, clocked.size()),
                                "cloud-eu-west-0"))
                .isGreaterThan(0.2);
    }

    @Test
    void howTheClockIsChoppedDoesNotChangeTheRun() {
        FleetSimulator once = new FleetSimulator(small());
        List<Telemetry> whole = once.advance(T0, T0 + 6_000);
        FleetSimulator ticked = new FleetSimulator(small());
        List<Telemetry> pieces = new java.util.ArrayList<>();
        for (long t = T0; t < T0 + 6_000; t += 230) {
            pieces.addAll(ticked.advance(t, Math.min(T0 + 6_000, t + 230)));
        }

        assertThat(pieces).isEqualTo(whole);
    }

    @Test
    void eventsAreWellFormedAndEveryNodeSamplesOncePerSecond() {
        FleetSimulator sim = new FleetSimulator(small());
        List<Telemetry> events = sim.advance(T0, T0 + 10_000);

        assertThat(events)
                .allSatisfy(
                        t -> {
                            assertThat(t.getEventTime().toEpochMilli()).isBetween(T0, T0 + 10_000);
                            assertThat(t.getAppliedControlVersion()).isZero();
                        });
        assertThat(events)
                .isSortedAccordingTo((x, y) -> x.getEventTime().compareTo(y.getEventTime()));
        requests(events)
                .map(FleetEvents::fact)
                .forEach(
                        f -> {
                            assertThat(f.getTtftMs()).isGreaterThanOrEqualTo(0);
                            assertThat(f.getE2eMs())
                                    .isPositive()
                                    .isGreaterThanOrEqualTo(f.getTtftMs());
                        });
        samples(events)
                .map(t -> (NodeSample) t.getPayload())
                .forEach(
                        s -> {
                            assertThat(s.getCpuFreqMhz()).isPositive();
                            assertThat(s.getPowerMw()).isPositive();
                            assertThat(s.getBandwidthKbps()).isPositive();
                            assertThat(s.getJitterMs()).isNotNegative();
                            assertThat(s.getFps()).isBetween(0.0, 60.0);
                            assertThat(s.getJankCount()).isNotNegative();
                            assertThat(s.getQueueDepth()).isNotNegative();
                        });
        Map<String, Long> samplesPerNode =
                samples(events)
                        .collect(
                                Collectors.groupingBy(Telemetry::getNodeId, Collectors.counting()));
        assertThat(samplesPerNode).hasSize(300 + 8);
        assertThat(samplesPerNode.values()).containsOnly(10L);
        assertThat(requests(events).filter(edge()).count()).isEqualTo(sim.stats().requests());
    }

    @Test
    void edgeEventsDescribeTheNodeAndCloudEventsTheServer() {
        List<Telemetry> events = new FleetSimulator(small()).advance(T0, T0 + 5_000);

        assertThat(events.stream().filter(edge()))
                .allSatisfy(
                        t -> {
                            assertThat(t.getModelVariant()).isEqualTo("tiny-int4");
                            assertThat(t.getDeviceClass())
                                    .isIn("phone-high", "phone-mid", "embedded-low");
                            assertThat(t.getRegion()).isIn("eu-west", "us-east");
                        });
        List<Telemetry> cloud = events.stream().filter(t -> t.getTier() == Tier.CLOUD).toList();
        assertThat(cloud).isNotEmpty();
        assertThat(cloud)
                .allSatisfy(
                        t -> {
                            assertThat(t.getModelVariant()).isEqualTo("large-fp16");
                            assertThat(t.getDeviceClass()).isEqualTo("gpu-a100");
                            assertThat(t.getNodeId()).startsWith("cloud-" + t.getRegion());
                        });
        assertThat(requests(cloud)).allSatisfy(t -> assertThat(fact(t).getOffloaded()).isFalse());
        // Embedded-low devices (650 ms) always exceed the 400 ms initial threshold.
        assertThat(requests(events).filter(t -> t.getDeviceClass().equals("embedded-low")))
                .isNotEmpty()
                .allSatisfy(t -> assertThat(fact(t).getOffloaded()).isTrue());
    }

    @Test
    void lowerThresholdOffloadsMore() {
        double defaultShare = offloadShareWithPhoneMidThreshold(null);
        double lowShare = offloadShareWithPhoneMidThreshold(150.0);

        assertThat(defaultShare).isBetween(0.1, 0.4);
        assertThat(lowShare).isGreaterThan(defaultShare + 0.3);
    }

    private static double offloadShareWithPhoneMidThreshold(Double thresholdMs) {
        FleetSimulator sim = new FleetSimulator(small());
        if (thresholdMs != null) {
            sim.apply(TestingControl.offload("phone-mid", 1, thresholdMs, FAR), T0);
        }
        sim.advance(T0, T0 + 20_000);
        return sim.stats().offloadShareLastInterval();
    }

    @Test
    void appliedVersionShowsUpInTelemetryAfterApply() {
        FleetSimulator sim = new FleetSimulator(small());
        List<Telemetry> before = sim.advance(T0, T0 + 3_000);

        assertThat(sim.apply(TestingControl.offload("phone-high", 7, 300, FAR), T0 + 3_000))
                .isEqualTo(Outcome.APPLIED);
        assertThat(sim.apply(TestingControl.routing("us-east", 3, Map.of(), FAR), T0 + 3_000))
                .isEqualTo(Outcome.APPLIED);
        List<Telemetry> after = sim.advance(T0 + 3_000, T0 + 6_000);

        assertThat(before).allSatisfy(t -> assertThat(t.getAppliedControlVersion()).isZero());
        assertThat(after)
                .allSatisfy(
                        t -> {
                            long expected =
                                    t.getDeviceClass().equals("phone-high")
                                            ? 7
                                            : t.getTier() == Tier.CLOUD
                                                            && t.getRegion().equals("us-east")
                                                    ? 3
                                                    : 0;
                            assertThat(t.getAppliedControlVersion())
                                    .as("version of %s", t.getNodeId())
                                    .isEqualTo(expected);
                        });
        assertThat(sim.stats().appliedVersionMin()).isEqualTo(3);
        assertThat(sim.stats().appliedVersionMax()).isEqualTo(7);
        assertThat(sim.appliedVersion("offload/phone-high")).isEqualTo(7);
    }

    @Test
    void aRegionScopeTakesPrecedenceOverTheClassWideOne() {
        FleetSimulator sim = new FleetSimulator(small());
        sim.apply(TestingControl.offload("phone-mid", 2, 3000, FAR), T0);
        sim.apply(TestingControl.offload("eu-west/phone-mid/tiny-int4", 5, 50, FAR), T0);
        List<Telemetry> events = sim.advance(T0, T0 + 10_000);

        var phoneMid =
                requests(events).filter(edge()).filter(t -> t.getDeviceClass().equals("phone-mid"));
        Map<String, List<Telemetry>> byRegion =
                phoneMid.collect(Collectors.groupingBy(Telemetry::getRegion));
        assertThat(byRegion.get("eu-west"))
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.getAppliedControlVersion()).isEqualTo(5))
                .allSatisfy(t -> assertThat(fact(t).getOffloaded()).isTrue());
        assertThat(byRegion.get("us-east"))
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.getAppliedControlVersion()).isEqualTo(2))
                .allSatisfy(t -> assertThat(fact(t).getOffloaded()).isFalse());
    }

    @Test
    void routingWeightsSteerCloudTraffic() {
        FleetSimulator sim = new FleetSimulator(small());
        sim.apply(TestingControl.offload("phone-high", 1, 1, FAR), T0);
        sim.apply(TestingControl.offload("phone-mid", 1, 1, FAR), T0);
        List<String> eu = sim.cloudNodeIds("eu-west");
        assertThat(eu).hasSize(4);
        Map<String, Long> uniform = cloudRequestsPerNode(sim.advance(T0, T0 + 10_000));
        assertThat(eu).allSatisfy(id -> assertThat(uniform.get(id)).isGreaterThan(100));

        sim.apply(
                TestingControl.routing(
                        "eu-west",
                        1,
                        Map.of(eu.get(0), 0.0, eu.get(1), 0.75, eu.get(2), 0.25, eu.get(3), 0.0),
                        FAR),
                T0 + 10_000);
        Map<String, Long> steered = cloudRequestsPerNode(sim.advance(T0 + 10_000, T0 + 20_000));

        assertThat(steered).doesNotContainKeys(eu.get(0), eu.get(3));
        assertThat(steered.get(eu.get(1))).isGreaterThan(2 * steered.get(eu.get(2)));
        assertThat(sim.cloudNodeIds("us-east"))
                .allSatisfy(id -> assertThat(steered).containsKey(id));
    }

    private static Map<String, Long> cloudRequestsPerNode(List<Telemetry> events) {
        return requests(events)
                .filter(t -> t.getTier() == Tier.CLOUD)
                .collect(Collectors.groupingBy(Telemetry::getNodeId, Collectors.counting()));
    }

    @Test
    void theDemoScenariosBadNodeIsSlowAndFailsOnlyDuringItsFault() {
        Scenario demo = ScenarioLoader.load(ScenarioLoader.DEMO).withFaultsAt(20_000, 20_000);
        FleetSimulator sim = new FleetSimulator(demo);
        sim.apply(TestingControl.offload("phone-high", 1, 1, FAR), T0);
        sim.apply(TestingControl.offload("phone-mid", 1, 1, FAR), T0);
        List<Telemetry> before = sim.advance(T0, T0 + 20_000);
        List<Telemetry> during = sim.advance(T0 + 20_000, T0 + 40_000);
        List<Telemetry> after = sim.advance(T0 + 40_000, T0 + 60_000);
        String bad = "cloud-eu-west-0";

        assertThat(failureShare(before, bad)).isLessThan(0.05);
        assertThat(failureShare(during, bad)).isBetween(0.35, 0.65);
        assertThat(failureShare(after, bad)).isLessThan(0.05);
        assertThat(failureShare(during, "cloud-eu-west-1")).isLessThan(0.05);
    }

    private static double failureShare(List<Telemetry> events, String node) {
        double[] failed =
                requests(events)
                        .filter(FleetEvents.node(node))
                        .mapToDouble(t -> fact(t).getSuccess() ? 0 : 1)
                        .toArray();
        assertThat(failed).isNotEmpty();
        return mean(failed);
    }

    @Test
    void thermalWaveRaisesLatencyAndTemperature() {
        Scenario s =
                small().withFaults(
                                List.of(
                                        new FaultSpec(
                                                FaultKind.THERMAL_WAVE,
                                                60_000,
                                                3_600_000,
                                                null,
                                                -1,
                                                "phone-high",
                                                null,
                                                1,
                                                0,
                                                35,
                                                0)));
        FleetSimulator sim = new FleetSimulator(s);
        double[] cool =
                e2e(
                        requests(sim.advance(T0, T0 + 60_000))
                                .filter(edge())
                                .filter(t -> t.getDeviceClass().equals("phone-high")));
        double coolTemp = sim.stats().meanEdgeTemperatureC();
        sim.advance(T0 + 60_000, T0 + 360_000);
        double[] hot =
                e2e(
                        requests(sim.advance(T0 + 360_000, T0 + 420_000))
                                .filter(edge())
                                .filter(t -> t.getDeviceClass().equals("phone-high")));

        assertThat(sim.stats().meanEdgeTemperatureC()).isGreaterThan(coolTemp + 5);
        assertThat(mean(hot)).isGreaterThan(1.4 * mean(cool));
        assertThat(FleetEvents.stddev(hot)).isGreaterThan(1.5 * FleetEvents.stddev(cool));
    }

    @Test
    void rejectsTimeGoingBackwards() {
        FleetSimulator sim = new FleetSimulator(small());
        assertThatThrownBy(() -> sim.advance(T0, T0 - 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(sim.advance(T0, T0)).isEmpty();
    }

    @Test
    void onlyWholeStepsAreSimulated() {
        FleetSimulator sim = new FleetSimulator(small());
        assertThat(sim.advance(T0, T0 + FleetModel.STEP_MS - 1)).isEmpty();
        assertThat(sim.advance(T0 + FleetModel.STEP_MS - 1, T0 + FleetModel.STEP_MS)).isNotEmpty();
    }
}
