package org.qoeflow.fleet.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs policies over scenarios: the best static threshold in hindsight (a sweep), and the table of
 * scenario x policy against the target: the closed loop captures at least 80% of the oracle's p95
 * gain over best-static (or is within 3% of the oracle's p95), is never slower than best-static at
 * p95, its success rate is at most 0.0005 under best-static's, and it reverses a node's routing
 * weight at most once per minute.
 */
public final class Backtest {
    /** Static thresholds swept by best-static (ms); 0 offloads everything, 3000 nearly nothing. */
    public static final double[] SWEEP = {
        0, 100, 150, 200, 250, 300, 350, 400, 500, 650, 800, 1000, 1500, 3000
    };

    /** The closed loop's success may be this much under best-static's. */
    static final double SUCCESS_TOLERANCE = 0.0005;

    /**
     * Best-static considers the thresholds whose success is within this of the sweep's best (4x the
     * target's tolerance: seed noise between neighbouring thresholds, ~0.0003, rarely crosses it; a
     * threshold that sends work into a failing cloud or drowns it is well beyond it).
     */
    static final double SUCCESS_BAND = 0.002;

    /** Share of the oracle's p95 gain over best-static the closed loop must capture. */
    static final double CAPTURE_TARGET = 0.8;

    /** ... or its p95 within this share of the oracle's (where the gain is tiny). */
    static final double NEAR_ORACLE = 0.03;

    /** Policies compared by {@code --policy all}, in table order. */
    public static final List<String> ALL_POLICIES =
            List.of(
                    "closed-loop",
                    "best-static",
                    "naive",
                    "edge-only",
                    "cloud-only",
                    "oracle",
                    "oracle-mean");

    private Backtest() {}

    /** Runs one policy (best-static as a sweep). */
    public static SimResult run(Scenario s, Policy p, Simulation.Options options) {
        if (p instanceof Policy.BestStatic) {
            return bestStatic(s, options);
        }
        return new Simulation(s, p, options).run();
    }

    /**
     * Sweeps {@link #SWEEP}; among the thresholds whose success rate is within {@link
     * #SUCCESS_BAND} of the sweep's best, keeps the one with the lowest p95 when failed requests
     * count as the slowest ({@link SimResult#p95FailedAsSlowest}); ties go to the higher success.
     * Inside the band a small success difference moves the score a little, through the failures'
     * ranks, instead of flipping the choice at a tolerance.
     */
    public static SimResult bestStatic(Scenario s, Simulation.Options options) {
        Simulation.Options quiet = new Simulation.Options(null, null);
        List<SimResult> runs =
                java.util.Arrays.stream(SWEEP)
                        .parallel()
                        .mapToObj(t -> new Simulation(s, new Policy.Static(t), quiet).run())
                        .toList();
        double bestSuccess = runs.stream().mapToDouble(SimResult::successRate).max().orElse(1);
        SimResult best =
                runs.stream()
                        .filter(r -> r.successRate() >= bestSuccess - SUCCESS_BAND)
                        .min(
                                Comparator.comparingDouble(SimResult::p95FailedAsSlowest)
                                        .thenComparing(
                                                Comparator.comparingDouble(SimResult::successRate)
                                                        .reversed()))
                        .orElseThrow();
        Map<String, Object> sweep = new LinkedHashMap<>();
        for (int i = 0; i < SWEEP.length; i++) {
            sweep.put(
                    runs.get(i).policy(),
                    Map.of(
                            "p95_ms",
                            runs.get(i).p95(),
                            "p95_failed_as_slowest_ms",
                            runs.get(i).p95FailedAsSlowest(),
                            "success_rate",
                            runs.get(i).successRate()));
        }
        if (options.progress() != null) {
            options.progress().accept("[" + s.name() + " best-static] chose " + best.policy());
        }
        Map<String, Object> summary = new LinkedHashMap<>(best.summary());
        summary.put("policy", "best-static");
        summary.put("best_static", best.policy());
        summary.put("sweep", sweep);
        return new SimResult(s.name(), "best-static", summary, best.series(), List.of());
    }

    /** The markdown table of results, scenario by scenario, with the target verdict. */
    public static String table(List<SimResult> results) {
        StringBuilder b = new StringBuilder();
        b.append(
                "| scenario | policy | p50 ms | p95 ms | p99 ms | success | offloaded | edge mJ/req"
                        + " | reversals/node/min | updates | anomaly drains (false) | cloud nodes max"
                        + " | p95 vs best-static | capture | verdict | capture vs oracle-mean |\n");
        b.append(
                "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        Map<String, List<SimResult>> byScenario = new LinkedHashMap<>();
        results.forEach(
                r -> byScenario.computeIfAbsent(r.scenario(), k -> new ArrayList<>()).add(r));
        byScenario.forEach(
                (scenario, rs) -> {
                    SimResult best = find(rs, "best-static");
                    SimResult oracle = find(rs, "oracle");
                    SimResult meanOracle = find(rs, "oracle-mean");
                    for (SimResult r : rs) {
                        Map<String, Object> m = r.summary();
                        String vs = "";
                        String verdict = "";
                        String capture = "";
                        String vsMean = "";
                        boolean closed = r.policy().equals("closed-loop");
                        if (best != null) {
                            vs = p95VsBest(r, best);
                            // The mean oracle's own capture: how far placement by means gets.
                            if (oracle != null && (closed || r == meanOracle)) {
                                capture =
                                        String.format(
                                                Locale.ROOT, "%.2f", capture(r, best, oracle));
                            }
                            if (oracle != null && closed) {
                                verdict = verdict(r, best, oracle);
                            }
                            if (meanOracle != null && closed) {
                                vsMean = captureOfMeanGain(r, best, meanOracle);
                            }
                        }
                        String policy =
                                r.policy().equals("best-static")
                                        ? "best-static (" + m.get("best_static") + ")"
                                        : r.policy();
                        b.append(
                                String.format(
                                        Locale.ROOT,
                                        "| %s | %s | %.0f | %.0f | %.0f | %.4f | %.3f | %.1f | %.2f"
                                                + " | %s | %s | %s | %s | %s | %s | %s |%n",
                                        scenario,
                                        policy,
                                        num(m.get("p50_ms")),
                                        r.p95(),
                                        num(m.get("p99_ms")),
                                        r.successRate(),
                                        num(m.get("offloaded_share")),
                                        num(m.get("edge_energy_per_request")),
                                        r.reversals(),
                                        m.get("control_updates"),
                                        drains(r),
                                        m.get("cloud_nodes_max"),
                                        vs,
                                        capture,
                                        verdict,
                                        vsMean));
                    }
                });
        return b.toString();
    }

    /**
     * Share of the oracle's p95 gain over best-static that {@code closed} captures: {@code (best -
     * closed) / (best - oracle)}; 1 when the oracle gains nothing and closed is no slower.
     */
    public static double capture(SimResult closed, SimResult best, SimResult oracle) {
        double gain = best.p95() - oracle.p95();
        if (gain <= 0) {
            return closed.p95() <= best.p95() ? 1.0 : 0.0;
        }
        return (best.p95() - closed.p95()) / gain;
    }

    /**
     * {@code (best - closed) / (best - meanOracle)}: the share of the mean oracle's p95 gain over
     * best-static the closed loop captures; "-" where the mean oracle gains nothing at p95.
     */
    static String captureOfMeanGain(SimResult closed, SimResult best, SimResult meanOracle) {
        double gain = best.p95() - meanOracle.p95();
        if (gain <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", (best.p95() - closed.p95()) / gain);
    }

    /** "met" or what was missed, for the closed loop against best-static and the oracle. */
    public static String verdict(SimResult closed, SimResult best, SimResult oracle) {
        List<String> missed = new ArrayList<>();
        boolean nearOracle = closed.p95() <= (1 + NEAR_ORACLE) * oracle.p95();
        if (capture(closed, best, oracle) < CAPTURE_TARGET && !nearOracle) {
            missed.add("capture < 0.8");
        }
        if (closed.p95() > best.p95()) {
            missed.add("p95 above best-static");
        }
        if (closed.successRate() < best.successRate() - SUCCESS_TOLERANCE) {
            missed.add("success lower");
        }
        if (closed.reversals() > 1.0) {
            missed.add("reversals > 1/node/min");
        }
        return missed.isEmpty() ? "met" : "missed: " + String.join(", ", missed);
    }

    /** p95 relative to best-static's, e.g. "-21.2%". */
    private static String p95VsBest(SimResult r, SimResult best) {
        return String.format(Locale.ROOT, "%+.1f%%", -100 * (1 - r.p95() / best.p95()));
    }

    /** "drains (false drains)" for the closed loop, "-" for policies without a controller. */
    private static String drains(SimResult r) {
        if (!r.policy().equals("closed-loop")) {
            return "-";
        }
        return r.summary().get("anomaly_drains")
                + " ("
                + r.summary().get("anomaly_false_drains")
                + ")";
    }

    /** The result of {@code policy} among one scenario's results, or null. */
    private static SimResult find(List<SimResult> rs, String policy) {
        return rs.stream().filter(r -> r.policy().equals(policy)).findFirst().orElse(null);
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
