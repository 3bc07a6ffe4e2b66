package org.qoeflow.cli.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.qoeflow.cli.eval.FleetAnomalyEvaluation.Incident;
import org.qoeflow.cohort.CohortMonitor;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.cohort.Verdict;
import org.qoeflow.fleet.sim.Scenario.FaultKind;
import org.qoeflow.fleet.sim.Scenario.FaultSpec;
import org.qoeflow.schema.QoeScore;

/**
 * The cohort verdicts of a fleet evaluation, from the job's own {@link CohortMonitor} on the closed
 * windows: a bad rollout is caught when its variant's cohort FAILs while the rollout is active (or
 * within two windows after), and every other FAIL (the old variant, any cohort of a region x class
 * no rollout touched, thermal waves, bandwidth collapses) is counted as false.
 */
final class CohortEvidence implements IncidentJudge.Evidence {
    /** One bad rollout: when its cohort first FAILed, if it did. */
    public record RolloutVerdict(FaultSpec fault, int rolledOutNodes, OptionalLong failedAt) {
        /** Seconds from the rollout's start to the end of its first FAIL window, or NaN. */
        public double secondsToVerdict() {
            return failedAt.isPresent()
                    ? (failedAt.getAsLong() - fault.startMs()) / 1000.0
                    : Double.NaN;
        }
    }

    /** Counts of the FAILs that no bad rollout explains, over every judged cohort-window. */
    public record FalseFails(long cohortWindows, long windows, long episodes) {
        FalseFails plus(FalseFails o) {
            return new FalseFails(
                    cohortWindows + o.cohortWindows, windows + o.windows, episodes + o.episodes);
        }
    }

    private final CohortMonitor monitor;
    private final long windowMillis;
    private final long warmupMillis;
    private final Map<Incident, Long> firstFail = new HashMap<>();

    /** Cohorts whose latest judged window was a false FAIL: a new one there is no new episode. */
    private final java.util.Set<String> inFalseEpisode = new java.util.HashSet<>();

    private long cohortWindows;
    private long falseWindows;
    private long falseEpisodes;

    CohortEvidence(CohortOptions options, long windowMillis, long warmupMillis) {
        this.monitor = new CohortMonitor(options);
        this.windowMillis = windowMillis;
        this.warmupMillis = warmupMillis;
    }

    /** Judges the edge windows among {@code closed} (in window order) against the incidents. */
    void observe(List<QoeScore> closed, List<Incident> incidents) {
        for (var window : CohortEvaluation.groups(closed).entrySet()) {
            String[] key = window.getKey().split("\\|", -1);
            long start = Long.parseLong(key[0]);
            List<CohortMonitor.Judged> judged =
                    monitor.judge(key[1], key[2], start, start + windowMillis, window.getValue());
            if (start < warmupMillis) {
                continue;
            }
            judged.forEach(j -> count(j, incidents));
        }
    }

    private void count(CohortMonitor.Judged j, List<Incident> incidents) {
        cohortWindows++;
        String cohort = j.region() + "/" + j.deviceClass() + "/" + j.result().variant();
        boolean episodeBefore = inFalseEpisode.remove(cohort);
        if (j.verdict() != Verdict.FAIL) {
            return;
        }
        Incident bad = badRolloutOf(j, incidents);
        if (bad != null) {
            firstFail.merge(bad, j.windowEnd(), Math::min);
        } else {
            falseWindows++;
            inFalseEpisode.add(cohort);
            if (!episodeBefore) {
                falseEpisodes++;
            }
        }
    }

    private Incident badRolloutOf(CohortMonitor.Judged j, List<Incident> incidents) {
        for (Incident inc : incidents) {
            FaultSpec f = inc.fault();
            if (f.kind() == FaultKind.BAD_MODEL_ROLLOUT
                    && f.region().equals(j.region())
                    && f.deviceClass().equals(j.deviceClass())
                    && f.variant().equals(j.result().variant())
                    && inc.activeIn(j.windowStart(), j.windowEnd(), 2 * windowMillis)) {
                return inc;
            }
        }
        return null;
    }

    @Override
    public OptionalLong caughtAt(Incident incident) {
        Long at = firstFail.get(incident);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    /** One row per bad rollout among {@code incidents}, with the nodes {@code judge} saw in it. */
    List<RolloutVerdict> rollouts(List<Incident> incidents, IncidentJudge judge) {
        List<RolloutVerdict> out = new ArrayList<>();
        for (Incident inc : incidents) {
            if (inc.fault().kind() == FaultKind.BAD_MODEL_ROLLOUT) {
                out.add(new RolloutVerdict(inc.fault(), judge.affectedNodes(inc), caughtAt(inc)));
            }
        }
        return out;
    }

    FalseFails falseFails() {
        return new FalseFails(cohortWindows, falseWindows, falseEpisodes);
    }
}
