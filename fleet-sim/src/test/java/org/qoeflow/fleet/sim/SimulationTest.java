package org.qoeflow.fleet.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.LawOverrides;
import org.qoeflow.schema.Telemetry;

class SimulationTest {
    /** Phones only, ambient up 25 C after 30 s: throttled phones slow from 220 to ~400 ms. */
    static final String THERMAL =
            ScenarioLoaderTest.MINIMAL.replace("duration: 2m", "duration: 3m")
                    + "faults:\n"
                    + "  - {kind: thermal_wave, class: phone-mid, delta_c: 25, start: 30s, end: 3m}\n";

    @Test
    void theSameSeedGivesTheSameRun() {
        Scenario s = ScenarioLoader.parse(THERMAL).withDurationMs(60_000);
        SimResult a = new Simulation(s, new Policy.ClosedLoop(), Simulation.Options.QUIET).run();
        SimResult b = new Simulation(s, new Policy.ClosedLoop(), Simulation.Options.QUIET).run();
        assertThat(a.summary())
                .usingRecursiveComparison()
                .ignoringFields("wall_s")
                .isEqualTo(b.summary());
        assertThat(withoutWall(a)).isEqualTo(withoutWall(b));
        SimResult other =
                new Simulation(s.withSeed(99), new Policy.ClosedLoop(), Simulation.Options.QUIET)
                        .run();
        assertThat(withoutWall(other)).isNotEqualTo(withoutWall(a));
    }

    @Test
    void lawOverridesReachTheClosedLoop() {
        Scenario s = ScenarioLoader.parse(THERMAL).withDurationMs(60_000);
        SimResult defaults =
                new Simulation(s, new Policy.ClosedLoop(), Simulation.Options.QUIET).run();
        SimResult explicitDefaults =
                new Simulation(
                                s,
                                new Policy.ClosedLoop(),
                                new Simulation.Options(
                                        null,
                                        null,
                                        LawOverrides.parse(List.of("thresholdInitialMs=400"))))
                        .run();
        SimResult pinned =
                new Simulation(
                                s,
                                new Policy.ClosedLoop(),
                                new Simulation.Options(
                                        null,
                                        null,
                                        LawOverrides.parse(
                                                List.of(
                                                        "thresholdInitialMs=3000",
                                                        "thresholdMinMs=3000"))))
                        .run();

        assertThat(withoutWall(explicitDefaults)).isEqualTo(withoutWall(defaults));
        // Thresholds held at 3000 ms: fewer requests are offloaded than under the default law.
        assertThat(share(pinned)).isLessThan(share(defaults));
        assertThat(pinned.decisions())
                .filteredOn(d -> d.offloadThresholdMs() != null)
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.offloadThresholdMs()).isEqualTo(3000.0));
    }

    private static double share(SimResult r) {
        return ((Number) r.summary().get("offloaded_share")).doubleValue();
    }

    private static java.util.Map<String, Object> withoutWall(SimResult r) {
        var m = new java.util.LinkedHashMap<>(r.summary());
        m.remove("wall_s");
        return m;
    }

    @Test
    void anomalyScoresReachTheLawInTheClosedLoop() {
        Scenario demo = ScenarioLoader.load(ScenarioLoader.DEMO).withDurationMs(420_000);
        SimResult r = new Simulation(demo, new Policy.ClosedLoop(), Simulation.Options.QUIET).run();

        assertThat(((Number) r.summary().get("anomaly_alerts")).longValue()).isPositive();
        assertThat(r.decisions())
                .filteredOn(d -> d.atMillis() > 300_000 && d.atMillis() < 400_000)
                .anySatisfy(d -> assertThat(d.weights()).containsEntry("cloud-eu-west-0", 0.0));
        long drains = ((Number) r.summary().get("anomaly_drains")).longValue();
        long falseDrains = ((Number) r.summary().get("anomaly_false_drains")).longValue();
        assertThat(falseDrains).isBetween(0L, drains);
    }

    @Test
    void closedLoopBeatsEdgeOnlyWhenPhonesThrottle() {
        Scenario s = ScenarioLoader.parse(THERMAL);
        SimResult closed =
                new Simulation(s, new Policy.ClosedLoop(), Simulation.Options.QUIET).run();
        SimResult edge = new Simulation(s, new Policy.EdgeOnly(), Simulation.Options.QUIET).run();
        assertThat(edge.summary().get("offloaded_share")).isEqualTo(0.0);
        assertThat((long) closed.summary().get("control_updates")).isPositive();
        assertThat(closed.p95()).isLessThan(0.8 * edge.p95());
        assertThat(closed.successRate()).isGreaterThanOrEqualTo(edge.successRate() - 0.002);
    }

    @Test
    void theOracleBoundIsNoWorseThanAnyStaticThreshold() {
        Scenario s = ScenarioLoader.parse(THERMAL).withDurationMs(90_000);
        SimResult oracle = new Simulation(s, new Policy.Oracle(), Simulation.Options.QUIET).run();
        assertThat(Policy.parse("oracle")).isEqualTo(new Policy.Oracle());
        assertThat(oracle.summary().get("control_updates")).isEqualTo(0L);
        double offloaded = ((Number) oracle.summary().get("offloaded_share")).doubleValue();
        assertThat(offloaded).isBetween(0.01, 0.99);
        for (double t : new double[] {0, 200, 300, 500, 3000}) {
            SimResult fixed =
                    new Simulation(s, new Policy.Static(t), Simulation.Options.QUIET).run();
            assertThat(oracle.p95()).as("vs static:%s", t).isLessThanOrEqualTo(fixed.p95());
            assertThat(oracle.successRate()).isGreaterThanOrEqualTo(fixed.successRate() - 0.002);
        }
    }

    @Test
    void staticPoliciesUseNoController() {
        Scenario s = ScenarioLoader.parse(THERMAL).withDurationMs(30_000);
        SimResult cloud = new Simulation(s, new Policy.CloudOnly(), Simulation.Options.QUIET).run();
        assertThat(cloud.summary().get("offloaded_share")).isEqualTo(1.0);
        assertThat(cloud.summary().get("control_updates")).isEqualTo(0L);
        assertThat(Policy.parse("static:250")).isEqualTo(new Policy.Static(250));
    }

    @Test
    void recordedTelemetryReplaysThroughTheLaw(@TempDir Path dir) throws Exception {
        Scenario s = ScenarioLoader.parse(THERMAL).withDurationMs(60_000);
        Path file = dir.resolve("t.bin.gz");
        List<Telemetry> seen = new ArrayList<>();
        try (TelemetryLog.Writer w = new TelemetryLog.Writer(file)) {
            new Simulation(
                            s,
                            new Policy.EdgeOnly(),
                            new Simulation.Options(
                                    null,
                                    t -> {
                                        w.accept(t);
                                        seen.add(t);
                                    }))
                    .run();
        }
        assertThat(Files.size(file)).isPositive();
        List<Telemetry> read = new ArrayList<>();
        assertThat(TelemetryLog.read(file, read::add)).isEqualTo(seen.size());
        assertThat(read.get(7)).isEqualTo(seen.get(7));
        Replay.Result r = Replay.run(file, LawOptions.DEFAULTS);
        assertThat(r.decisions()).isNotEmpty();
        assertThat(r.decisions())
                .extracting(SimResult.DecisionLog::scope)
                .contains("offload/eu/phone-mid/tiny-int4", "routing/eu");
    }
}
