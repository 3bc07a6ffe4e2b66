package org.qoeflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.qoeflow.cli.eval.CohortEvaluation;
import org.qoeflow.cli.eval.CohortEvaluation.KResult;
import org.qoeflow.cli.eval.CohortEvaluation.RolloutResult;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.common.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qoeflow anomaly cohort-eval}: cohort verdicts on simulated canary rollouts. */
@Command(
        name = "cohort-eval",
        mixinStandardHelpOptions = true,
        description =
                "Cohort verdicts on simulated canary rollouts: detection, time to verdict and"
                        + " false fails per k, over seeds.")
final class CohortEvalCommand implements Callable<Integer> {
    @Mixin SimulatedFleetOptions fleet;

    @Option(names = "--duration", defaultValue = "2h", description = "simulated time per seed")
    String duration;

    @Option(names = "--warmup", defaultValue = "10m", description = "before the first incident")
    String warmup;

    @Option(
            names = "--latency-factor",
            defaultValue = "1.3",
            description = "how much slower the bad variant infers")
    double latencyFactor;

    @Option(
            names = "--failure-rate",
            defaultValue = "0.1",
            description = "extra failure probability of the bad variant's local inferences")
    double failureRate;

    @Option(names = "--share", defaultValue = "0.5", description = "canary share of the devices")
    double share;

    @Option(
            names = "--k",
            split = ",",
            defaultValue = "1,2,3,4,5,6",
            description = "consecutive failing windows before FAIL, to compare")
    List<Integer> ks;

    @Override
    public Integer call() {
        if (share <= 0 || share >= 1) {
            throw new IllegalArgumentException(
                    "--share must be in (0, 1): a cohort needs the rest of its class as baseline, got "
                            + share);
        }
        TreeMap<Integer, List<KResult>> byK = new TreeMap<>();
        for (long seed : fleet.seeds) {
            var settings =
                    new CohortEvaluation.Settings(
                            fleet.scenario(seed),
                            Durations.parse(duration).toMillis(),
                            Durations.parse(warmup).toMillis(),
                            fleet.incidentEveryMillis(),
                            5000,
                            latencyFactor,
                            failureRate,
                            share,
                            ks,
                            CohortOptions.DEFAULTS,
                            seed);
            for (KResult r : new CohortEvaluation(settings).run()) {
                byK.computeIfAbsent(r.k(), k -> new ArrayList<>()).add(r);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "bad variant: latency x%.2f, +%.2f local failures, on %.0f%% of one region x class;"
                        + " seeds %s%n",
                latencyFactor,
                failureRate,
                100 * share,
                fleet.seeds);
        System.out.println(
                "| k | bad rollouts detected | median s to FAIL | healthy rollouts failed |"
                        + " false-fail episodes | false-fail cohort-windows |");
        System.out.println("|---|---|---|---|---|---|");
        byK.forEach((k, runs) -> System.out.println(row(k, runs)));
        int shipped = CohortOptions.DEFAULTS.failAfterWindows();
        if (byK.containsKey(shipped)) {
            System.out.printf("%nper bad rollout at k = %d (the shipped k):%n", shipped);
            for (int i = 0; i < fleet.seeds.size(); i++) {
                for (RolloutResult r : byK.get(shipped).get(i).badRollouts()) {
                    System.out.printf(
                            Locale.ROOT,
                            "  seed %d  %s/%s at %ds: %s%n",
                            fleet.seeds.get(i),
                            r.fault().region(),
                            r.fault().deviceClass(),
                            r.fault().startMs() / 1000,
                            r.detected()
                                    ? String.format(
                                            Locale.ROOT, "FAIL after %.0f s", r.secondsToVerdict())
                                    : "not detected");
                }
            }
        }
        return 0;
    }

    private static String row(int k, List<KResult> runs) {
        int bad = 0, detected = 0, healthy = 0, healthyFailed = 0;
        long episodes = 0, falseWindows = 0, windows = 0;
        List<Double> delays = new ArrayList<>();
        for (KResult r : runs) {
            bad += r.badRollouts().size();
            detected += r.detected();
            healthy += r.healthyRollouts();
            healthyFailed += r.healthyRolloutsFailed();
            episodes += r.falseFailEpisodes();
            falseWindows += r.falseFailWindows();
            windows += r.cohortWindows();
            r.badRollouts().stream()
                    .filter(RolloutResult::detected)
                    .forEach(x -> delays.add(x.secondsToVerdict()));
        }
        delays.sort(Double::compare);
        return String.format(
                Locale.ROOT,
                "| %d | %d of %d | %s | %d of %d | %d | %d of %d |",
                k,
                detected,
                bad,
                delays.isEmpty()
                        ? "-"
                        : String.format(Locale.ROOT, "%.0f", delays.get(delays.size() / 2)),
                healthyFailed,
                healthy,
                episodes,
                falseWindows,
                windows);
    }
}
