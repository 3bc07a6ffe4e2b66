package org.qoeflow.bench;

import java.util.ArrayList;
import java.util.List;
import org.qoeflow.fleet.sim.FleetModel;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.fleet.sim.ScenarioLoader;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Topics;

/** Realistic telemetry for the benchmarks: the demo fleet's model, stepped for a while. */
public final class FleetSample {
    static {
        // Loading a codec first trusts the generated classes in Avro's allow-list for this JVM.
        Topics.TELEMETRY.codec();
    }

    private FleetSample() {}

    /**
     * Telemetry of {@code devices} edge devices at {@code qpsPerDevice} requests/s each over {@code
     * seconds} of simulated time (no faults, fixed seed), in event-time order.
     */
    public static List<Telemetry> telemetry(int devices, double qpsPerDevice, int seconds) {
        Scenario s =
                ScenarioLoader.load(ScenarioLoader.DEMO)
                        .withDevices(devices)
                        .withQps(devices * qpsPerDevice)
                        .withFaults(List.of())
                        .withSeed(7);
        List<Telemetry> out = new ArrayList<>();
        FleetModel model = new FleetModel(s, 1_700_000_000_000L, out::add);
        for (long t = 0; t < seconds * 1000L; t += FleetModel.STEP_MS) {
            model.step(t, t + FleetModel.STEP_MS, r -> {});
        }
        return out;
    }
}
