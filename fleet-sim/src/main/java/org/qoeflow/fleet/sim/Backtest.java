package org.qoeflow.fleet.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs policies over scenarios: the best static threshold in hindsight (a sweep), and the table of
 * scenario x policy against the target (closed loop vs best static: p95 at least 20% lower, success
 * rate not lower, at most 1 weight reversal per node per minute).
 */
public final class Backtest {
    /** Static thresholds swept by best-static (ms); 0 offloads everything, 3000 nearly nothing. */
    public static final double[] SWEEP = {
        0, 100, 150, 200, 250, 300, 350, 400, 500, 650, 800, 1000, 1500, 3000
    };

    /** Success rates within this of the sweep's best count as "not lower". */
    static final double SUCCESS_TOLERANCE = 0.0005;

    /** Policies compared by {@code --policy all}, in table order. */
    public static final List<String> ALL_POLICIES =
            List.of("closed-loop", "best-static", "naive", "edge-only", "cloud-only", "oracle");

    private Backtest() {}

    /** Runs one policy (best-static as a sweep). */
    public static SimResult run(Scenario s, Policy p, Simulation.Options options) {
        if (p instanceof Policy.BestStatic) {
            return bestStatic(s, options);
        }
        return new Simulation(s, p, options).run();
    }

    /**
     * Sweeps {@link #SWEEP} and keeps the threshold with the lowest p95 among those whose success
     * rate is within {@link #SUCCESS_TOLERANCE} of the sweep's best.
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
                        .filter(r -> r.successRate() >= bestSuccess - SUCCESS_TOLERANCE)
                        .min(Comparator.comparingDouble(SimResult::p95))
                        .orElseThrow();
        Map<String, Object> sweep = new LinkedHashMap<>();
        for (int i = 0; i < SWEEP.length; i++) {
            sweep.put(
                    runs.get(i).policy(),
                    Map.of("p95_ms", runs.get(i).p95(), "success_rate", runs.get(i).successRate()));
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
                        + " | reversals/node/min | updates | anomaly drains (false) | p95 vs"
                        + " best-static | target |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        Map<String, List<SimResult>> byScenario = new LinkedHashMap<>();
        results.forEach(
                r -> byScenario.computeIfAbsent(r.scenario(), k -> new ArrayList<>()).add(r));
        byScenario.forEach(
                (scenario, rs) -> {
                    SimResult best = find(rs, "best-static");
                    SimResult oracle = find(rs, "oracle");
                    for (SimResult r : rs) {
                        Map<String, Object> m = r.summary();
                        String vs = "";
                        String verdict = "";
                        if (best != null) {
                            vs = p95VsBest(r, best);
                            if (r.policy().equals("closed-loop")) {
                                verdict = verdict(r, best);
                                if (oracle != null
                                        && !verdict.equals("met")
                                        && !p95TargetMet(oracle, best)) {
                                    verdict +=
                                            " (the clairvoyant oracle reaches only "
                                                    + p95VsBest(oracle, best)
                                                    + ")";
                                }
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
                                                + " | %s | %s | %s | %s |%n",
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
                                        vs,
                                        verdict));
                    }
                });
        return b.toString();
    }

    /**
     * "met" or what was missed, for the closed loop against the best static threshold; "not lower"
     * success uses {@link #SUCCESS_TOLERANCE}, as the choice of the best static does.
     */
    public static String verdict(SimResult closed, SimResult best) {
        List<String> missed = new ArrayList<>();
        if (!p95TargetMet(closed, best)) {
            missed.add("p95 not 20% lower");
        }
        if (closed.successRate() < best.successRate() - SUCCESS_TOLERANCE) {
            missed.add("success lower");
        }
        if (closed.reversals() > 1.0) {
            missed.add("reversals > 1/node/min");
        }
        return missed.isEmpty() ? "met" : "missed: " + String.join(", ", missed);
    }

    /** The p95 target: at least 20% below best-static's. */
    private static boolean p95TargetMet(SimResult r, SimResult best) {
        return r.p95() <= 0.8 * best.p95();
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
