package org.qoeflow.fleet.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Regression tests of issue 11: brownout, recovery after a fault, overload. */
class ResilienceTest {
    /** Two device classes in one region; the cloud fails 40% of requests fast from 1m to 3m. */
    static final String BROWNOUT =
            """
            name: tiny-brownout
            duration: 5m
            seed: 5
            model: {gflop: 12, payload_kbit: 256}
            edge:
              devices: 400
              classes:
                - {name: phone-mid, share: 0.6, gflops: 50, latency_ms: 220, power_mw: {idle: 350, active: 3800}}
                - {name: embedded-low, share: 0.4, gflops: 10, latency_ms: 650, power_mw: {idle: 250, active: 2500}}
            regions:
              - {name: eu, rtt_ms: {mean: 50, sd: 10}, bandwidth_kbps: {mean: 15000, sd: 3000}}
            cloud:
              compute_ms: 150
              slots_per_node: 16
              nodes: {min: 2, max: 10, initial: 2}
              autoscale: {target_utilization: 0.7, scale_up_delay: 60s}
            load:
              - {at: 0s, qps: 170}
            faults:
              - {kind: region_brownout, region: eu, probability: 0.4, start: 1m, end: 150s}
            """;

    private static final Pattern ADMIT = Pattern.compile("admit=([0-9.]+)");

    private static SimResult closed(Scenario s) {
        return new Simulation(s, new Policy.ClosedLoop(), Simulation.Options.QUIET).run();
    }

    private static double offloadShare(SimResult r, double fromS, double toS) {
        return r.series().stream()
                .filter(p -> p.seconds() > fromS && p.seconds() <= toS)
                .mapToDouble(SimResult.Point::offloadShare)
                .average()
                .orElseThrow();
    }

    @Test
    void aBrowningOutRegionGetsLessOffloadNotMore() {
        SimResult r = closed(ScenarioLoader.parse(BROWNOUT));

        double before = offloadShare(r, 30, 60);
        double during = offloadShare(r, 100, 150);
        assertThat(before).isGreaterThan(0.05);
        assertThat(during).isLessThan(0.5 * before);
        assertThat(r.decisions())
                .filteredOn(d -> d.atMillis() > 100_000 && d.atMillis() <= 150_000)
                .filteredOn(d -> d.offloadThresholdMs() != null)
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.reason()).contains("cloud-ok=0.").contains("fail=+"));
    }

    @Test
    void aFullyOffloadedClassLeavesTheFailingRegionWithinTwoDecisions() {
        SimResult r = closed(ScenarioLoader.parse(BROWNOUT));

        // Before the fault (60 s) the embedded class (650 ms locally) runs fully offloaded, so its
        // threshold has no local latency to widen its step limit on; the failure price is not
        // rate-limited, so by the second decision of the fault the threshold is above 650 ms
        // (at 75 ms a decision it took ~6 decisions before).
        SimResult.DecisionLog before = latest(r, 60_000).get("offload/eu/embedded-low/tiny-int4");
        SimResult.DecisionLog second = latest(r, 70_000).get("offload/eu/embedded-low/tiny-int4");
        assertThat(before.offloadThresholdMs()).isLessThan(400);
        assertThat(before.reason()).contains("edge=NaNms");
        assertThat(second.atMillis()).isGreaterThan(60_000);
        assertThat(second.offloadThresholdMs()).isGreaterThan(650);
    }

    @Test
    void afterTheBrownoutDecisionsConvergeToTheFaultFreeRunWithinTwentySeconds() {
        Scenario faulty = ScenarioLoader.parse(BROWNOUT);
        SimResult withFault = closed(faulty);
        SimResult without = closed(faulty.withFaults(List.of()));

        // The fault ends at 150 s. Over 170-300 s (from 4 windows after it) each scope's mean
        // threshold and admission cap are those of the run that never had the fault; the runs'
        // random draws differ once the fault changed the fleet, so single decisions do not match.
        // (The failure price fell 75 ms a decision before: the test then held from 240 s only.)
        Map<String, double[]> a = means(withFault, 170_000, 300_000);
        Map<String, double[]> b = means(without, 170_000, 300_000);
        assertThat(a.keySet()).isEqualTo(b.keySet()).isNotEmpty();
        for (String scope : a.keySet()) {
            assertThat(a.get(scope)[0])
                    .as(scope + " threshold")
                    .isBetween(0.85 * b.get(scope)[0], 1.15 * b.get(scope)[0]);
            assertThat(a.get(scope)[1]).as(scope + " admit").isGreaterThan(b.get(scope)[1] - 0.1);
        }
        // ... which they were not while the fault lasted.
        Map<String, double[]> during = means(withFault, 100_000, 150_000);
        Map<String, double[]> clean = means(without, 100_000, 150_000);
        assertThat(during.keySet())
                .anySatisfy(
                        scope ->
                                assertThat(during.get(scope)[0])
                                        .isGreaterThan(1.5 * clean.get(scope)[0]));
    }

    /** Per offload scope, the mean threshold and admission cap in force, sampled every 5 s. */
    private static Map<String, double[]> means(SimResult r, long from, long to) {
        Map<String, double[]> sum = new TreeMap<>();
        int n = 0;
        for (long t = from; t <= to; t += 5_000, n++) {
            for (var e : latest(r, t).entrySet()) {
                if (e.getValue().offloadThresholdMs() != null) {
                    double[] v = sum.computeIfAbsent(e.getKey(), k -> new double[2]);
                    v[0] += e.getValue().offloadThresholdMs();
                    v[1] += admit(e.getValue());
                }
            }
        }
        int samples = n;
        sum.values()
                .forEach(
                        v -> {
                            v[0] /= samples;
                            v[1] /= samples;
                        });
        return sum;
    }

    /** The last decision of each scope at or before {@code t}. */
    private static Map<String, SimResult.DecisionLog> latest(SimResult r, long t) {
        Map<String, SimResult.DecisionLog> out = new TreeMap<>();
        r.decisions().stream().filter(d -> d.atMillis() <= t).forEach(d -> out.put(d.scope(), d));
        return out;
    }

    private static double admit(SimResult.DecisionLog d) {
        Matcher m = ADMIT.matcher(d.reason());
        return m.find() ? Double.parseDouble(m.group(1)) : 1.0;
    }

    /** Offered load far beyond the starting pool and the devices: the pool must scale. */
    static final String OVERLOAD =
            BROWNOUT.replace("name: tiny-brownout", "name: tiny-overload")
                    .replace("duration: 5m", "duration: 4m")
                    .replace("{at: 0s, qps: 170}", "{at: 0s, qps: 170}\n  - {at: 1m, qps: 650}")
                    .replace(
                            "  - {kind: region_brownout, region: eu, probability: 0.4, start: 1m,"
                                    + " end: 150s}\n",
                            "  []\n")
                    .replace("faults:\n  []", "faults: []");

    @Test
    void underOverloadTheClosedLoopScalesThePoolAtLeastAsFarAndKeepsSuccess() {
        Scenario s = ScenarioLoader.parse(OVERLOAD);
        SimResult loop = closed(s);
        int loopNodes = ((Number) loop.summary().get("cloud_nodes_max")).intValue();

        // Not against static:0 (cloud-only): it drowns the pool (success 0.77), whose
        // utilization then scales it to 9 of 10 nodes; the closed loop reaches 8 with success
        // 0.998 (measured on commit c8456ac), more than any threshold that keeps success.
        for (double t : new double[] {300, 650, 1000, 3000}) {
            SimResult fixed =
                    new Simulation(s, new Policy.Static(t), Simulation.Options.QUIET).run();
            String as = "vs static:" + (long) t;
            // The autoscaler also scales on the demand the admission cap defers.
            assertThat(loopNodes)
                    .as(as)
                    .isGreaterThanOrEqualTo(
                            ((Number) fixed.summary().get("cloud_nodes_max")).intValue());
            assertThat(loop.successRate())
                    .as(as)
                    .isGreaterThanOrEqualTo(fixed.successRate() - 0.0005);
            // p95 is not pinned: on this fleet it swings with small law changes (commit f597136:
            // 543 ms against static:650's 633; with the failure price's first step rate-limited,
            // 668), see docs/control.md "Regression tests".
        }
    }

    /**
     * A fixed pool (2 nodes, ~213 requests/s) under an embedded class (650 ms locally) offering
     * ~240 requests/s: no threshold sends it all, and the class's devices sit in a narrow band (the
     * file also runs as {@code qoeflow sim --scenario <path>}).
     */
    static Scenario narrow() throws java.io.IOException {
        try (var in = ResilienceTest.class.getResourceAsStream("/resilience/tiny-narrow.yaml")) {
            return ScenarioLoader.parse(
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static final Pattern INFLATION = Pattern.compile("infl=([0-9.]+)");

    @Test
    void aNarrowClassApproachesTheLevelThatOverranAFixedPoolInsteadOfCrossingItAgain()
            throws Exception {
        SimResult r = closed(narrow());

        // Decision rounds after the cold start (30 s) at which the pool queued (inflation above
        // admitHighInflation, 2): 15 of 60 for the law that crossed the class's band by full 75 ms
        // steps every time the queue had cleared (commit 59ad07c), 8 with the caution level.
        Map<Long, Double> inflation = new TreeMap<>();
        for (SimResult.DecisionLog d : r.decisions()) {
            Matcher m = INFLATION.matcher(d.reason());
            if (d.offloadThresholdMs() != null && d.atMillis() >= 30_000 && m.find()) {
                inflation.put(d.atMillis(), Double.parseDouble(m.group(1)));
            }
        }
        assertThat(inflation).hasSizeGreaterThan(50);
        assertThat(inflation.values().stream().filter(i -> i > 2.0).count())
                .isLessThanOrEqualTo(10);
        assertThat(r.decisions()).filteredOn(d -> d.reason().contains("caution=")).isNotEmpty();
    }

    @Test
    void aVariantFailingOnItsDevicesOffloadsOnlyWhatTheAdmissionCapLets() {
        // heavy-rollout, seed 2 (the catalog's; static:350 is best-static there): with the cap
        // ignored by the failing variant's scopes the pool queued for minutes while the cap closed
        // every other scope, and the closed loop's p95 was above static:350's (430 against 414 ms).
        Scenario s = ScenarioLoader.load("heavy-rollout").withSeed(2);
        SimResult closed = closed(s);
        SimResult fixed = new Simulation(s, new Policy.Static(350), Simulation.Options.QUIET).run();

        assertThat(closed.p95()).isLessThan(fixed.p95());
        assertThat(closed.successRate()).isGreaterThan(fixed.successRate() + 0.01);
    }
}
