package org.qoeflow.cli;

import java.time.Duration;
import java.util.List;
import org.qoeflow.common.Durations;
import org.qoeflow.fleet.sim.Scenario;
import picocli.CommandLine.Option;

/**
 * The simulated fleet and incident schedule that {@code anomaly fleet-eval}, {@code anomaly
 * cohort-eval} and {@code bench early-eval} evaluate on (a picocli mixin): the demo fleet's shape
 * at a size, one run per seed.
 */
final class SimulatedFleetOptions {
    @Option(names = "--nodes", defaultValue = "200", description = "edge devices")
    int nodes;

    @Option(names = "--cloud-nodes", defaultValue = "8", description = "cloud nodes")
    int cloudNodes;

    @Option(names = "--rate", defaultValue = "400", description = "fleet requests per second")
    double rate;

    @Option(
            names = "--incident-every",
            defaultValue = "10m",
            description = "a labelled incident starts this often")
    String every;

    @Option(
            names = "--seeds",
            defaultValue = "1,2,3",
            split = ",",
            description = "simulator seeds, one run each")
    List<Long> seeds;

    /** The fleet of one seed's run. */
    Scenario scenario(long seed) {
        return DemoFleet.scenario(nodes, cloudNodes, rate, seed, Duration.ZERO, Duration.ZERO);
    }

    long incidentEveryMillis() {
        return Durations.parse(every).toMillis();
    }
}
