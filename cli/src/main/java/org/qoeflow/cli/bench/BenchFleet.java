package org.qoeflow.cli.bench;

import java.util.List;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.fleet.sim.ScenarioLoader;

/**
 * The bench's fleets: the demo fleet's physics resized to {@code nodes} edge devices at the demo's
 * per-device rate (2.5 requests/s and one node sample/s each), one cloud node per 100 devices.
 */
final class BenchFleet {
    /** The demo's 150 requests/s over 60 devices. */
    static final double REQUESTS_PER_DEVICE = 2.5;

    private BenchFleet() {}

    static Scenario of(int nodes, long seed) {
        return ScenarioLoader.load(ScenarioLoader.DEMO)
                .withDevices(nodes)
                .withCloudNodes(Math.max(6, nodes / 100))
                .withQps(nodes * REQUESTS_PER_DEVICE)
                .withFaults(List.of())
                .withSeed(seed);
    }
}
