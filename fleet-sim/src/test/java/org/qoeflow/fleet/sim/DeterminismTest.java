package org.qoeflow.fleet.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.qoeflow.fleet.TestingScenarios;

class DeterminismTest {
    /** Busy enough that every cloud window and run sketch compacts (>> 200 items each). */
    private static Scenario busy() {
        return TestingScenarios.demoFleet(3000, 2, 2500).withDurationMs(30_000);
    }

    @Test
    void theSameSeedGivesTheSameNumbersWhenSketchesCompact() {
        Scenario s = busy();
        SimResult a = new Simulation(s, new Policy.ClosedLoop(), Simulation.Options.QUIET).run();
        SimResult b = new Simulation(s, new Policy.ClosedLoop(), Simulation.Options.QUIET).run();

        assertThat(((Number) a.summary().get("requests")).longValue()).isGreaterThan(50_000);
        assertThat(numbers(a)).isEqualTo(numbers(b));
        assertThat(a.series()).isEqualTo(b.series());
        assertThat(a.decisions()).isEqualTo(b.decisions());
    }

    @Test
    void runsOnOtherThreadsDoNotChangeARunsNumbers() {
        Scenario s = busy();
        SimResult alone = new Simulation(s, new Policy.Static(300), Simulation.Options.QUIET).run();
        List<CompletableFuture<SimResult>> crowd =
                List.of(0.0, 300.0, 800.0).stream()
                        .map(
                                t ->
                                        CompletableFuture.supplyAsync(
                                                () ->
                                                        new Simulation(
                                                                        s,
                                                                        new Policy.Static(t),
                                                                        Simulation.Options.QUIET)
                                                                .run()))
                        .toList();
        SimResult together = crowd.get(1).join();
        crowd.forEach(CompletableFuture::join);

        assertThat(numbers(together)).isEqualTo(numbers(alone));
        assertThat(together.series()).isEqualTo(alone.series());
    }

    private static Map<String, Object> numbers(SimResult r) {
        Map<String, Object> m = new LinkedHashMap<>(r.summary());
        m.remove("wall_s");
        return m;
    }
}
