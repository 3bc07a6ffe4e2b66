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
import org.qoeflow.fleet.ControlClient.Outcome;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

class FleetSimulatorTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long FAR = T0 + 3_600_000;

    private static FleetOptions small() {
        return FleetOptions.defaults().withEdgeNodes(300).withRequestsPerSecond(200).withSeed(7);
    }

    @Test
    void sameSeedGivesSameEvents() {
        List<Telemetry> a = new FleetSimulator(small()).advance(T0, T0 + 5_000);
        List<Telemetry> b = new FleetSimulator(small()).advance(T0, T0 + 5_000);

        assertThat(a).isNotEmpty().isEqualTo(b);
    }

    @Test
    void eventsAreWellFormedAndEveryNodeSamplesOncePerSecond() {
        FleetSimulator sim = new FleetSimulator(small());
        List<Telemetry> events = sim.advance(T0, T0 + 10_000);

        assertThat(events)
                .allSatisfy(
                        t -> {
                            assertThat(t.getEventTime().toEpochMilli())
                                    .isBetween(T0 + 1, T0 + 10_000);
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
        // Embedded-low devices (650 ms) always exceed the 400 ms default threshold.
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
    void routingWeightsSteerCloudTraffic() {
        FleetSimulator sim =
                new FleetSimulator(
                        small().withDefaultOffloadThresholdMs(1).withCloudCapacityRps(200));
        List<String> eu = sim.cloudNodeIds("eu-west");
        assertThat(eu).hasSize(4);
        Map<String, Long> uniform = cloudRequestsPerNode(sim.advance(T0, T0 + 10_000));
        assertThat(eu).allSatisfy(id -> assertThat(uniform.get(id)).isGreaterThan(100));

        sim.apply(
                TestingControl.routing(
                        "eu-west",
                        1,
                        Map.of(eu.get(0), 0.0, eu.get(1), 0.75, eu.get(2), 0.25),
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
    void thermalThrottlingRaisesLatencyAndItsVariance() {
        FleetOptions opts =
                small().withClassMix(Map.of("phone-high", 1.0))
                        .withDefaultOffloadThresholdMs(10_000);
        FleetSimulator sim = new FleetSimulator(opts);
        double[] cool = e2e(requests(sim.advance(T0, T0 + 60_000)).filter(edge()));
        double coolTemp = sim.stats().meanEdgeTemperatureC();

        sim.injectFault(Fault.thermalWave("phone-high", 35, T0 + 60_000, FAR));
        sim.advance(T0 + 60_000, T0 + 360_000);
        double[] hot = e2e(requests(sim.advance(T0 + 360_000, T0 + 420_000)).filter(edge()));
        double hotTemp = sim.stats().meanEdgeTemperatureC();

        assertThat(coolTemp).isLessThan(EdgeDevices.THROTTLE_C);
        assertThat(hotTemp).isGreaterThan(58);
        assertThat(mean(hot)).isGreaterThan(1.4 * mean(cool));
        assertThat(FleetEvents.stddev(hot)).isGreaterThan(1.8 * FleetEvents.stddev(cool));
        assertThat(FleetEvents.stddev(cool)).isBetween(10.0, 17.0);
    }

    @Test
    void throttlingStartsAboveFortyFiveDegrees() {
        assertThat(EdgeDevices.freqFactor(25)).isEqualTo(1.0);
        assertThat(EdgeDevices.freqFactor(45)).isEqualTo(1.0);
        assertThat(EdgeDevices.freqFactor(60)).isLessThan(0.7);
        assertThat(EdgeDevices.freqFactor(200)).isPositive();
    }

    @Test
    void rejectsTimeGoingBackwards() {
        FleetSimulator sim = new FleetSimulator(small());
        assertThatThrownBy(() -> sim.advance(T0, T0 - 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(sim.advance(T0, T0)).isEmpty();
    }

    @Test
    void largeFleetSamplesEveryNodeWithinASecond() {
        FleetSimulator sim =
                new FleetSimulator(
                        FleetOptions.defaults()
                                .withEdgeNodes(100_000)
                                .withRequestsPerSecond(5_000));
        List<Telemetry> events = sim.advance(T0, T0 + 1_000);

        assertThat(samples(events).count()).isEqualTo(100_000 + 8);
        assertThat(requests(events).filter(edge()).count()).isBetween(4_500L, 5_500L);
        assertThat(events.stream().map(Telemetry::getPayload).filter(RequestFact.class::isInstance))
                .isNotEmpty();
    }
}
