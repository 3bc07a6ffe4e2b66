package org.qoeflow.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.fleet.sim.ScenarioLoader;

/**
 * The fleet of {@code qoeflow demo}, {@code qoeflow fleet} and {@code anomaly fleet-eval}: the
 * built-in {@code demo} scenario resized by the command's flags, its bad-cloud-node fault moved to
 * {@code --fault-at} (zero removes it).
 */
final class DemoFleet {
    private DemoFleet() {}

    static Scenario scenario(
            int nodes,
            int cloudNodes,
            double rate,
            long seed,
            Duration faultAt,
            Duration faultDuration) {
        Scenario s =
                ScenarioLoader.load(ScenarioLoader.DEMO)
                        .withDevices(nodes)
                        .withCloudNodes(cloudNodes)
                        .withQps(rate)
                        .withSeed(seed);
        return faultAt.isZero()
                ? s.withFaults(List.of())
                : s.withFaultsAt(faultAt.toMillis(), faultDuration.toMillis());
    }

    /** One line naming the scenario's faults and when they run, in fleet time. */
    static String faults(Scenario s) {
        if (s.faults().isEmpty()) {
            return "no faults";
        }
        return s.faults().stream()
                .map(
                        f ->
                                String.format(
                                        Locale.ROOT,
                                        "%s %s%s +%ds..+%ds",
                                        f.kind().name().toLowerCase(Locale.ROOT),
                                        f.region() == null ? "" : f.region(),
                                        f.node() < 0 || f.region() == null
                                                ? ""
                                                : " node "
                                                        + org.qoeflow.fleet.sim.FleetModel
                                                                .cloudNodeId(f.region(), f.node()),
                                        f.startMs() / 1000,
                                        f.endMs() / 1000))
                .collect(Collectors.joining(", ", "faults (fleet time): ", ""));
    }
}
