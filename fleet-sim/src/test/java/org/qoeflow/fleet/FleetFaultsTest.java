package org.qoeflow.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qoeflow.fleet.FleetEvents.e2e;
import static org.qoeflow.fleet.FleetEvents.fact;
import static org.qoeflow.fleet.FleetEvents.mean;
import static org.qoeflow.fleet.FleetEvents.node;
import static org.qoeflow.fleet.FleetEvents.requests;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

class FleetFaultsTest {
    private static final long T0 = 1_700_000_000_000L;

    /** Every request is offloaded, cloud nodes run at about 40% utilization. */
    private static FleetSimulator allOffloaded() {
        return new FleetSimulator(
                FleetOptions.defaults()
                        .withEdgeNodes(200)
                        .withCloudNodes(4)
                        .withCloudCapacityRps(100)
                        .withRequestsPerSecond(160)
                        .withDefaultOffloadThresholdMs(1)
                        .withSeed(11));
    }

    @Test
    void slowNodeRaisesThatNodesLatencyOnly() {
        FleetSimulator sim = allOffloaded();
        String slow = sim.cloudNodeIds("eu-west").get(0);
        String healthy = sim.cloudNodeIds("eu-west").get(1);
        List<Telemetry> before = sim.advance(T0, T0 + 20_000);
        sim.injectFault(Fault.slowNode(slow, T0 + 20_000, T0 + 40_000));
        List<Telemetry> during = sim.advance(T0 + 20_000, T0 + 40_000);
        List<Telemetry> after = sim.advance(T0 + 40_000, T0 + 60_000);

        double slowBefore = mean(e2e(requests(before).filter(node(slow))));
        assertThat(mean(e2e(requests(during).filter(node(slow))))).isGreaterThan(3.5 * slowBefore);
        assertThat(mean(e2e(requests(during).filter(node(healthy)))))
                .isLessThan(1.3 * mean(e2e(requests(before).filter(node(healthy)))));
        assertThat(mean(e2e(requests(after).filter(node(slow))))).isLessThan(1.3 * slowBefore);
    }

    @Test
    void errorBurstFailsAboutHalfOfThatNodesRequests() {
        FleetSimulator sim = allOffloaded();
        String bad = sim.cloudNodeIds("us-east").get(1);
        sim.injectFault(Fault.errorBurst(bad, T0, T0 + 30_000));
        List<Telemetry> events = sim.advance(T0, T0 + 30_000);

        double badFailures = failureRate(events, bad);
        double otherFailures = failureRate(events, sim.cloudNodeIds("us-east").get(0));
        assertThat(badFailures).isBetween(0.4, 0.6);
        assertThat(otherFailures).isLessThan(0.02);
        assertThat(sim.stats().failures()).isPositive();
    }

    private static double failureRate(List<Telemetry> events, String nodeId) {
        List<Telemetry> served = requests(events).filter(node(nodeId)).toList();
        return served.stream().filter(t -> !fact(t).getSuccess()).count() / (double) served.size();
    }

    @Test
    void bandwidthCollapseSlowsOffloadsOfThatRegionOnly() {
        FleetSimulator sim = allOffloaded();
        List<Telemetry> before = sim.advance(T0, T0 + 20_000);
        sim.injectFault(Fault.bandwidthCollapse("eu-west", T0 + 20_000, T0 + 40_000));
        List<Telemetry> during = sim.advance(T0 + 20_000, T0 + 40_000);

        assertThat(edgeE2e(during, "eu-west")).isGreaterThan(edgeE2e(before, "eu-west") + 50);
        assertThat(edgeE2e(during, "us-east")).isLessThan(edgeE2e(before, "us-east") + 20);
    }

    private static double edgeE2e(List<Telemetry> events, String region) {
        return mean(
                e2e(
                        requests(events)
                                .filter(t -> t.getTier() == Tier.EDGE)
                                .filter(t -> t.getRegion().equals(region))));
    }

    @Test
    void overloadedCloudNodesQueueAndFail() {
        FleetSimulator sim =
                new FleetSimulator(
                        FleetOptions.defaults()
                                .withEdgeNodes(200)
                                .withCloudNodes(2)
                                .withRequestsPerSecond(100)
                                .withDefaultOffloadThresholdMs(1));
        List<Telemetry> events = sim.advance(T0, T0 + 20_000);

        String node = sim.cloudNodeIds("eu-west").get(0);
        assertThat(mean(e2e(requests(events).filter(node(node))))).isGreaterThan(1_000);
        assertThat(failureRate(events, node)).isGreaterThan(0.03);
    }

    @Test
    void faultsMustTargetSomethingThatExists() {
        FleetSimulator sim = allOffloaded();
        assertThatThrownBy(() -> sim.injectFault(Fault.slowNode("cloud-mars-0", T0, T0 + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cloud-mars-0");
        assertThatThrownBy(() -> sim.injectFault(Fault.bandwidthCollapse("mars", T0, T0 + 1)))
                .hasMessageContaining("mars");
        assertThatThrownBy(() -> sim.injectFault(Fault.thermalWave("toaster", 10, T0, T0 + 1)))
                .hasMessageContaining("toaster");
        assertThatThrownBy(() -> Fault.slowNode("x", T0, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
