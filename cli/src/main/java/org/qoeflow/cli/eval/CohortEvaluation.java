package org.qoeflow.cli.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.qoeflow.cohort.CohortMonitor;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.cohort.NodeSample;
import org.qoeflow.cohort.Verdict;
import org.qoeflow.fleet.sim.FleetModel;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.fleet.sim.Scenario.DeviceClassSpec;
import org.qoeflow.fleet.sim.Scenario.FaultKind;
import org.qoeflow.fleet.sim.Scenario.FaultSpec;
import org.qoeflow.jobs.cohort.CohortRecords;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.qoe.WindowedScorer;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/**
 * Runs the fleet model with canary rollouts (bad and healthy model variants on a share of one
 * region x class's devices) and other group faults (thermal wave, bandwidth collapse), through the
 * job's windowing and the cohort analysis, once per candidate k: per bad rollout whether and when
 * its cohort FAILed, and how often a cohort that no bad rollout made worse FAILed.
 */
public final class CohortEvaluation {
    public static final String BAD_VARIANT = "tiny-int3";
    public static final String HEALTHY_VARIANT = "tiny-int4-v2";

    /** Incident kinds in rotation order; null entries are healthy rollouts. */
    private static final List<String> ROTATION =
            List.of("bad", "healthy", "thermal", "bad", "healthy", "bandwidth");

    /** Settings of one run; {@code fleet}'s own faults are replaced by the schedule. */
    public record Settings(
            Scenario fleet,
            long durationMillis,
            long warmupMillis,
            long incidentEveryMillis,
            long windowMillis,
            double badLatencyFactor,
            double badFailureRate,
            double canaryShare,
            List<Integer> ks,
            CohortOptions options,
            long seed) {}

    /** One bad rollout under one k: detected, and the time from its start to its first FAIL. */
    public record RolloutResult(FaultSpec fault, boolean detected, double secondsToVerdict) {}

    /** What one k measured over the run. */
    public record KResult(
            int k,
            List<RolloutResult> badRollouts,
            int healthyRollouts,
            int healthyRolloutsFailed,
            long falseFailEpisodes,
            long falseFailWindows,
            long cohortWindows) {

        public int detected() {
            return (int) badRollouts.stream().filter(RolloutResult::detected).count();
        }

        /** Median seconds from rollout start to its first FAIL over detected rollouts. */
        public double medianSecondsToVerdict() {
            double[] s =
                    badRollouts.stream()
                            .filter(RolloutResult::detected)
                            .mapToDouble(RolloutResult::secondsToVerdict)
                            .sorted()
                            .toArray();
            return s.length == 0 ? Double.NaN : s[s.length / 2];
        }
    }

    private final Settings settings;

    public CohortEvaluation(Settings settings) {
        this.settings = settings;
    }

    /** Runs the model once and judges its windows under every k. */
    public List<KResult> run() {
        List<FaultSpec> faults = schedule();
        WindowedScorer scorer =
                new WindowedScorer(settings.windowMillis(), new QoeMath(QoeOptions.DEFAULTS));
        FleetModel model =
                new FleetModel(
                        settings.fleet().withFaults(faults).withSeed(settings.seed()),
                        0,
                        scorer::add);
        Map<Integer, Tally> tallies = new LinkedHashMap<>();
        for (int k : settings.ks()) {
            tallies.put(
                    k, new Tally(new CohortMonitor(settings.options().withFailAfterWindows(k))));
        }
        for (long t = 0; t < settings.durationMillis(); t += 1000) {
            for (long s = t; s < t + 1000; s += FleetModel.STEP_MS) {
                model.step(s, s + FleetModel.STEP_MS, o -> {});
            }
            List<QoeScore> closed = scorer.advanceTo(t + 1000 - settings.windowMillis() / 2);
            for (var window : groups(closed).entrySet()) {
                String[] key = window.getKey().split("\\|", -1);
                long start = Long.parseLong(key[0]);
                if (start < settings.warmupMillis()) {
                    continue;
                }
                for (Tally tally : tallies.values()) {
                    for (var j :
                            tally.monitor.judge(
                                    key[1],
                                    key[2],
                                    start,
                                    start + settings.windowMillis(),
                                    window.getValue())) {
                        tally.count(j, faults);
                    }
                }
            }
        }
        List<KResult> out = new ArrayList<>();
        tallies.forEach((k, tally) -> out.add(tally.result(k, faults)));
        return out;
    }

    /** Edge samples of closed windows by {@code windowStart|region|class}, in window order. */
    static Map<String, List<NodeSample>> groups(List<QoeScore> scores) {
        Map<String, List<NodeSample>> g = new TreeMap<>();
        for (QoeScore s : scores) {
            if (s.getTier() == Tier.EDGE) {
                String key =
                        String.format(
                                Locale.ROOT,
                                "%015d|%s|%s",
                                s.getWindowStart().toEpochMilli(),
                                s.getRegion(),
                                s.getDeviceClass());
                g.computeIfAbsent(key, x -> new ArrayList<>()).add(CohortRecords.sample(s));
            }
        }
        return g;
    }

    /** Counts of one k. */
    private final class Tally {
        final CohortMonitor monitor;
        final Map<FaultSpec, Long> firstFail = new HashMap<>();
        final Map<String, Verdict> last = new HashMap<>();
        long falseEpisodes;
        long falseWindows;
        long windows;

        Tally(CohortMonitor monitor) {
            this.monitor = monitor;
        }

        void count(CohortMonitor.Judged j, List<FaultSpec> faults) {
            windows++;
            String cohort = j.region() + "/" + j.deviceClass() + "/" + j.result().variant();
            Verdict before = last.put(cohort, j.verdict());
            if (j.verdict() != Verdict.FAIL) {
                return;
            }
            FaultSpec bad = badRolloutOf(j, faults);
            if (bad != null) {
                firstFail.merge(bad, j.windowEnd(), Math::min);
            } else {
                falseWindows++;
                if (before != Verdict.FAIL) {
                    falseEpisodes++;
                }
            }
        }

        KResult result(int k, List<FaultSpec> faults) {
            List<RolloutResult> bad = new ArrayList<>();
            int healthy = 0;
            int healthyFailed = 0;
            for (FaultSpec f : faults) {
                if (f.kind() != FaultKind.BAD_MODEL_ROLLOUT) {
                    continue;
                }
                if (f.variant().equals(BAD_VARIANT)) {
                    Long at = firstFail.get(f);
                    bad.add(
                            new RolloutResult(
                                    f,
                                    at != null,
                                    at == null ? Double.NaN : (at - f.startMs()) / 1000.0));
                } else {
                    healthy++;
                }
            }
            // A healthy rollout failed if any FAIL was counted false for its cohort while active.
            for (FaultSpec f : faults) {
                if (f.kind() == FaultKind.BAD_MODEL_ROLLOUT
                        && f.variant().equals(HEALTHY_VARIANT)) {
                    String cohort = f.region() + "/" + f.deviceClass() + "/" + HEALTHY_VARIANT;
                    if (healthyFailures.getOrDefault(cohort + "@" + f.startMs(), 0L) > 0) {
                        healthyFailed++;
                    }
                }
            }
            return new KResult(
                    k, bad, healthy, healthyFailed, falseEpisodes, falseWindows, windows);
        }

        final Map<String, Long> healthyFailures = new HashMap<>();

        private FaultSpec badRolloutOf(CohortMonitor.Judged j, List<FaultSpec> faults) {
            long grace = 2 * settings.windowMillis();
            for (FaultSpec f : faults) {
                if (f.kind() == FaultKind.BAD_MODEL_ROLLOUT
                        && f.region().equals(j.region())
                        && f.deviceClass().equals(j.deviceClass())
                        && f.variant().equals(j.result().variant())
                        && j.windowStart() < f.endMs() + grace
                        && j.windowEnd() > f.startMs()) {
                    if (f.variant().equals(BAD_VARIANT)) {
                        return f;
                    }
                    healthyFailures.merge(
                            f.region()
                                    + "/"
                                    + f.deviceClass()
                                    + "/"
                                    + f.variant()
                                    + "@"
                                    + f.startMs(),
                            1L,
                            Long::sum);
                }
            }
            return null;
        }
    }

    /** One incident every {@code incidentEveryMillis} after the warm-up, in ROTATION order. */
    List<FaultSpec> schedule() {
        Random r = new Random(settings.seed());
        Scenario fleet = settings.fleet();
        List<String> regions = fleet.regions().stream().map(Scenario.Region::name).toList();
        List<String> classes =
                fleet.edge().classes().stream()
                        .filter(c -> c.share() > 0)
                        .map(DeviceClassSpec::name)
                        .toList();
        List<FaultSpec> out = new ArrayList<>();
        int i = 0;
        for (long start = settings.warmupMillis();
                start + settings.incidentEveryMillis() <= settings.durationMillis();
                start += settings.incidentEveryMillis()) {
            long end = start + 180_000 + r.nextInt(120_000);
            String region = regions.get(r.nextInt(regions.size()));
            String kind = ROTATION.get(i++ % ROTATION.size());
            out.add(
                    switch (kind) {
                        case "bad" ->
                                rollout(
                                        start,
                                        end,
                                        region,
                                        localClass(r, settings.badLatencyFactor()),
                                        BAD_VARIANT,
                                        settings.badLatencyFactor(),
                                        settings.badFailureRate());
                        case "healthy" ->
                                rollout(
                                        start,
                                        end,
                                        region,
                                        localClass(r, 1.0),
                                        HEALTHY_VARIANT,
                                        1.0,
                                        0);
                        case "thermal" ->
                                new FaultSpec(
                                        FaultKind.THERMAL_WAVE,
                                        start,
                                        end,
                                        null,
                                        -1,
                                        classes.get(r.nextInt(classes.size())),
                                        null,
                                        1,
                                        0,
                                        25,
                                        0);
                        default ->
                                new FaultSpec(
                                        FaultKind.BANDWIDTH_COLLAPSE,
                                        start,
                                        end,
                                        region,
                                        -1,
                                        null,
                                        null,
                                        10,
                                        0,
                                        0,
                                        0);
                    });
        }
        return out;
    }

    private FaultSpec rollout(
            long start,
            long end,
            String region,
            String cls,
            String variant,
            double factor,
            double p) {
        return new FaultSpec(
                FaultKind.BAD_MODEL_ROLLOUT,
                start,
                end,
                region,
                -1,
                cls,
                variant,
                factor,
                p,
                0,
                settings.canaryShare());
    }

    /**
     * A random class whose devices infer locally at the initial offload threshold even with the
     * variant's slowdown: a variant on a class that offloads everything never runs.
     */
    private String localClass(Random r, double factor) {
        return FleetAnomalyEvaluation.localEdgeClass(
                settings.fleet(), r, factor, " ms with latency factor " + factor);
    }
}
