package org.qoeflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.cli.eval.EarlyScoreEvaluation;
import org.qoeflow.cli.eval.EarlyScoreEvaluation.KindCounts;
import org.qoeflow.cli.eval.EarlyScoreEvaluation.Result;
import org.qoeflow.cli.eval.EarlyScoreEvaluation.Setting;
import org.qoeflow.cli.eval.FleetAnomalyEvaluation;
import org.qoeflow.common.Durations;
import org.qoeflow.fleet.sim.Scenario.FaultKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qoeflow bench early-eval}: the partial-score rule's settings on simulated incidents. */
@Command(
        name = "early-eval",
        mixinStandardHelpOptions = true,
        description =
                "Partial (early) window scores on the fleet model with fleet-eval's labelled"
                        + " incidents, per setting of earlyScoreAlpha x earlyScoreMinRequests:"
                        + " false partial scores on healthy node-windows, and per incident kind"
                        + " the node-windows it degraded that got one.")
final class EarlyEvalCommand implements Callable<Integer> {
    @Mixin SimulatedFleetOptions fleet;

    @Option(names = "--duration", defaultValue = "2h", description = "simulated time per seed")
    String duration;

    @Option(names = "--warmup", defaultValue = "10m", description = "before the first incident")
    String warmup;

    @Option(
            names = "--alpha",
            split = ",",
            defaultValue = "0.01,0.001,0.0001,0.00001",
            description = "earlyScoreAlpha values to compare")
    List<Double> alphas;

    @Option(
            names = "--min-requests",
            split = ",",
            defaultValue = "5,10,20",
            description = "earlyScoreMinRequests values to compare")
    List<Integer> minRequests;

    @Override
    public Integer call() {
        List<Setting> grid = new ArrayList<>();
        for (double a : alphas) {
            for (int m : minRequests) {
                grid.add(new Setting(a, m));
            }
        }
        Map<Long, List<Result>> bySeed = new ConcurrentSkipListMap<>();
        fleet.seeds.parallelStream()
                .forEach(
                        seed ->
                                bySeed.put(
                                        seed,
                                        new EarlyScoreEvaluation(
                                                        new FleetAnomalyEvaluation.Settings(
                                                                fleet.scenario(seed),
                                                                Durations.parse(duration)
                                                                        .toMillis(),
                                                                Durations.parse(warmup).toMillis(),
                                                                fleet.incidentEveryMillis(),
                                                                5000,
                                                                AnomalyOptions.defaults(),
                                                                seed),
                                                        grid)
                                                .run()));
        System.out.printf(
                Locale.ROOT,
                "seeds %s, %s each, an incident every %s (fleet-eval's rotation)%n",
                fleet.seeds,
                duration,
                fleet.every);
        System.out.println(
                "| alpha | min requests | false partials per 1000 healthy node-windows (of N) |"
                        + " collateral node-windows with one | per kind: degraded node-windows"
                        + " with one; incident's first window with one (of them under the success"
                        + " floor); its second window with one (under the floor); median s"
                        + " before the window's end; incidents with a partial score under the"
                        + " floor in their first two windows, median s from the incident's start"
                        + " to it |");
        System.out.println("|---|---|---|---|---|");
        for (int c = 0; c < grid.size(); c++) {
            System.out.println(row(grid.get(c), c, bySeed));
        }
        return 0;
    }

    private static String row(Setting s, int c, Map<Long, List<Result>> bySeed) {
        long healthy = 0, falses = 0, collateral = 0, collateralPartials = 0;
        Map<FaultKind, long[]> kinds = new TreeMap<>();
        Map<FaultKind, List<Double>> leads = new TreeMap<>();
        Map<FaultKind, List<Double>> delays = new TreeMap<>();
        Map<FaultKind, long[]> incidents = new TreeMap<>();
        for (List<Result> results : bySeed.values()) {
            Result r = results.get(c);
            healthy += r.healthyWindows;
            falses += r.falsePartials;
            collateral += r.collateralWindows;
            collateralPartials += r.collateralPartials;
            r.kinds.forEach(
                    (kind, k) -> {
                        long[] sum = kinds.computeIfAbsent(kind, x -> new long[8]);
                        add(sum, k);
                        leads.computeIfAbsent(kind, x -> new ArrayList<>()).addAll(k.leadMs);
                        long[] seen = incidents.computeIfAbsent(kind, x -> new long[2]);
                        List<Double> d = delays.computeIfAbsent(kind, x -> new ArrayList<>());
                        k.toActionable
                                .values()
                                .forEach(
                                        ms -> {
                                            seen[0]++;
                                            if (ms != null) {
                                                seen[1]++;
                                                d.add((double) ms);
                                            }
                                        });
                    });
        }
        StringBuilder perKind = new StringBuilder();
        kinds.forEach(
                (kind, v) ->
                        perKind.append(
                                String.format(
                                        Locale.ROOT,
                                        "%s%s %d/%d; %d (%d)/%d; %d (%d)/%d; %.1f; %d/%d, %.1f",
                                        perKind.length() == 0 ? "" : "<br>",
                                        kind,
                                        v[1],
                                        v[0],
                                        v[3],
                                        v[6],
                                        v[2],
                                        v[5],
                                        v[7],
                                        v[4],
                                        median(leads.get(kind)) / 1000,
                                        incidents.get(kind)[1],
                                        incidents.get(kind)[0],
                                        median(delays.get(kind)) / 1000)));
        return String.format(
                Locale.ROOT,
                "| %s | %d | %.3f (%d in %d) | %d/%d | %s |",
                s.alpha(),
                s.minRequests(),
                healthy == 0 ? Double.NaN : 1000.0 * falses / healthy,
                falses,
                healthy,
                collateralPartials,
                collateral,
                perKind);
    }

    private static double median(List<Double> v) {
        if (v == null || v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(v);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void add(long[] sum, KindCounts k) {
        sum[0] += k.windows;
        sum[1] += k.windowsWithPartial;
        sum[2] += k.firstWindows;
        sum[3] += k.firstWindowsWithPartial;
        sum[4] += k.secondWindows;
        sum[5] += k.secondWindowsWithPartial;
        sum[6] += k.firstWindowsActionable;
        sum[7] += k.secondWindowsActionable;
    }
}
