package org.qoeflow.fleet.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The mean oracle ({@link Policy.MeanOracle}): placement by expected cost from true means. */
class MeanOracleTest {
    /** Phones heat up after 30 s, a fault-free cloud: local latency moves, so placement matters. */
    private static final Scenario THERMAL =
            ScenarioLoader.parse(SimulationTest.THERMAL).withDurationMs(90_000);

    /** Two classes, a 40% brownout of the region's cloud from 1 to 3 min (ResilienceTest's). */
    private static Scenario brownout() {
        return ScenarioLoader.parse(ResilienceTest.BROWNOUT).withDurationMs(210_000);
    }

    @Test
    void parsesAndRunsWithoutAController() {
        assertThat(Policy.parse("oracle-mean")).isEqualTo(new Policy.MeanOracle());
        assertThat(new Policy.MeanOracle().label()).isEqualTo("oracle-mean");
        assertThat(Policy.parse("oracle-mean:-40")).isEqualTo(new Policy.MeanOracle(-40));
        assertThat(Policy.parse("oracle-mean:25").label()).isEqualTo("oracle-mean:25");
        assertThatThrownBy(() -> Policy.parse("oracle-mean:fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("oracle-mean:<bias>")
                .hasMessageContaining("'oracle-mean:fast'");
        SimResult r =
                new Simulation(THERMAL, new Policy.MeanOracle(), Simulation.Options.QUIET).run();
        assertThat(r.summary().get("control_updates")).isEqualTo(0L);
        assertThat(((Number) r.summary().get("offloaded_share")).doubleValue())
                .isBetween(0.01, 0.99);
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        SimResult a =
                new Simulation(THERMAL, new Policy.MeanOracle(), Simulation.Options.QUIET).run();
        SimResult b =
                new Simulation(THERMAL, new Policy.MeanOracle(), Simulation.Options.QUIET).run();
        assertThat(withoutWall(a)).isEqualTo(withoutWall(b));
        assertThat(a.series()).isEqualTo(b.series());
    }

    @Test
    void noFixedThresholdHasALowerMeanCostAndTheDrawsAreWorthMore() {
        for (Scenario s : new Scenario[] {THERMAL, brownout()}) {
            double byMeans = meanCost(s, f -> f.meanOracle = true);
            for (double t : Backtest.SWEEP) {
                double fixed = meanCost(s, f -> Arrays.fill(f.threshold, t));
                assertThat(byMeans).as("%s vs static:%s", s.name(), t).isLessThan(fixed);
            }
            // Placement that saw the request's own draws does better still: the mean oracle
            // is not clairvoyant.
            assertThat(meanCost(s, f -> f.oracle = true)).as(s.name()).isLessThan(byMeans);
        }
    }

    @Test
    void placementReadsNoDrawsOfTheRequestsRandomStream() {
        SplittableRandom rnd = new SplittableRandom(7);
        SimFleet f = new SimFleet(THERMAL, rnd, null, 0);
        f.applyFaults(0);
        int devices = f.edge.size;
        CloudRegion.Node[] first = new CloudRegion.Node[devices];
        for (int i = 0; i < devices; i++) {
            first[i] = f.placeByMeans(i, 1_000, 0, 300, 0.002);
            for (int k = 0; k < 5; k++) {
                rnd.nextDouble(); // the request stream moves on; the placement must not notice
            }
        }
        for (int i = 0; i < devices; i++) {
            assertThat(f.placeByMeans(i, 1_000, 0, 300, 0.002)).isSameAs(first[i]);
        }
        // 300 ms locally against ~230 ms on an idle cloud: every device offloads.
        assertThat(first).doesNotContainNull();
    }

    @Test
    void aFailingNodeIsAvoidedAndAFailingRegionGetsNothingAboveItsTimeoutPrice() {
        SimFleet f = new SimFleet(THERMAL, new SplittableRandom(7), null, 0);
        f.applyFaults(0);
        CloudRegion pool = f.clouds[0];
        pool.nodes.get(0).errorProbability = 0.5;
        for (int i = 0; i < 50; i++) {
            assertThat(f.placeByMeans(i, 1_000, 0, 400, 0.002)).isNotSameAs(pool.nodes.get(0));
        }
        // Every node fails 40%: 0.6 x ~230 ms + 0.4 x 3000 ms ~ 1340 ms expected on the cloud.
        pool.nodes.forEach(n -> n.errorProbability = 0.4);
        assertThat(f.placeByMeans(0, 1_000, 0, 1_000, 0.002)).isNull();
        assertThat(f.placeByMeans(0, 1_000, 0, 1_600, 0.002)).isNotNull();
        // A local failure is charged the timeout as well.
        assertThat(f.placeByMeans(0, 1_000, 0, 1_000, 0.5)).isNotNull();
    }

    @Test
    void theBiasShiftsWorkBetweenEdgeAndCloud() {
        double base = share(new Policy.MeanOracle());
        double cloudward = share(new Policy.MeanOracle(-100));
        double edgeward = share(new Policy.MeanOracle(100));
        assertThat(cloudward).isGreaterThan(base);
        assertThat(edgeward).isLessThan(base);
        assertThat(share(new Policy.MeanOracle(10_000))).isZero();
    }

    private static double share(Policy p) {
        SimResult r = new Simulation(THERMAL, p, Simulation.Options.QUIET).run();
        return ((Number) r.summary().get("offloaded_share")).doubleValue();
    }

    @Test
    void aQueuePastTheTimeoutCountsAsAFailure() {
        SimFleet f = new SimFleet(THERMAL, new SplittableRandom(7), null, 0);
        f.applyFaults(0);
        for (CloudRegion.Node n : f.clouds[0].nodes) {
            Arrays.fill(n.slotFree, 10_000); // every slot busy until 9 s after the request
        }
        assertThat(f.placeByMeans(0, 1_000, 0, 2_900, 0.0)).isNull();
        assertThat(f.placeByMeans(0, 1_000, 0, 3_100, 0.0)).isNotNull();
    }

    @Test
    void theTableShowsTheMeanOraclesCaptureAndTheClosedLoopsShareOfItsGain() {
        List<SimResult> rs =
                List.of(
                        result("closed-loop", 290),
                        result("best-static", 300),
                        result("oracle", 260),
                        result("oracle-mean", 280));
        String table = Backtest.table(rs);
        // closed loop: capture (300-290)/(300-260) = 0.25, of the mean oracle's gain 10/20 = 0.50
        assertThat(table).contains("| capture vs oracle-mean |");
        assertThat(row(table, "closed-loop")).contains("| 0.25 |").endsWith("| 0.50 |");
        // the mean oracle's own capture (300-280)/(300-260) = 0.50, and no verdict for it
        assertThat(row(table, "oracle-mean")).contains("| 0.50 |  |  |");
        assertThat(Backtest.captureOfMeanGain(rs.get(0), rs.get(1), result("oracle-mean", 305)))
                .isEqualTo("-");
    }

    private static String row(String table, String policy) {
        return table.lines()
                .filter(l -> l.startsWith("| tiny | " + policy + " |"))
                .findFirst()
                .orElseThrow();
    }

    private static SimResult result(String policy, double p95) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50_ms", 200.0);
        m.put("p95_ms", p95);
        m.put("p99_ms", p95 + 50);
        m.put("success_rate", 0.998);
        m.put("offloaded_share", 0.3);
        m.put("edge_energy_per_request", 400.0);
        m.put("weight_reversals_per_node_per_minute", 0.0);
        m.put("control_updates", 0L);
        m.put("cloud_nodes_max", 6);
        m.put("anomaly_drains", 0L);
        m.put("anomaly_false_drains", 0L);
        m.put("best_static", "static:250");
        return new SimResult("tiny", policy, m, List.of(), List.of());
    }

    /** Mean over all requests of the latency, a failed request counted at the timeout. */
    private static double meanCost(Scenario s, Consumer<SimFleet> policy) {
        FleetModel model = new FleetModel(s, 0, null);
        policy.accept(model.fleet);
        double timeout = s.cloud().timeoutMs();
        double[] sum = new double[2];
        for (long t0 = 0; t0 < s.durationMs(); t0 += FleetModel.STEP_MS) {
            model.step(
                    t0,
                    t0 + FleetModel.STEP_MS,
                    o -> {
                        sum[0] += o.ok() ? o.e2eMs() : timeout;
                        sum[1]++;
                    });
        }
        return sum[0] / sum[1];
    }

    private static Map<String, Object> withoutWall(SimResult r) {
        Map<String, Object> m = new LinkedHashMap<>(r.summary());
        m.remove("wall_s");
        return m;
    }
}
