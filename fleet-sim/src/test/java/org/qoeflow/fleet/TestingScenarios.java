package org.qoeflow.fleet;

import java.util.List;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.fleet.sim.ScenarioLoader;

/** Small fleets for tests: the demo scenario resized, without its fault. */
public final class TestingScenarios {
    private TestingScenarios() {}

    public static Scenario demoFleet(int devices, int cloudNodes, double qps) {
        return ScenarioLoader.load(ScenarioLoader.DEMO)
                .withDevices(devices)
                .withCloudNodes(cloudNodes)
                .withQps(qps)
                .withFaults(List.of());
    }
}
