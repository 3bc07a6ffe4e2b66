package org.qoeflow.cli.eval;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.qoeflow.cli.eval.FleetAnomalyEvaluation.Incident;
import org.qoeflow.cohort.CohortMonitor;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.cohort.ShiftMonitor;
import org.qoeflow.cohort.Verdict;
import org.qoeflow.fleet.sim.Scenario.FaultKind;

/**
 * The group-level check of a fleet evaluation: every region x device class window against the same
 * group {@link CohortOptions#shiftLagMillis()} earlier ({@link ShiftMonitor}, the scoring job's
 * check, same options, same code). A thermal wave or a bandwidth collapse is caught when one of the
 * region x class groups it covers FAILs while it is active (or within two windows after). A FAIL
 * while no incident of any kind is active is false; one during another incident (a rollout, a slow
 * cloud node the region's devices offload to) is counted apart.
 */
final class ShiftEvidence implements IncidentJudge.Evidence {
    /**
     * FAILs of the check: in every judged group-window, false ones and those in other incidents.
     */
    public record Counts(
            long groupWindows, long falseWindows, long falseEpisodes, long otherIncident) {
        Counts plus(Counts o) {
            return new Counts(
                    groupWindows + o.groupWindows,
                    falseWindows + o.falseWindows,
                    falseEpisodes + o.falseEpisodes,
                    otherIncident + o.otherIncident);
        }
    }

    private final ShiftMonitor monitor;
    private final long windowMillis;
    private final long warmupMillis;
    private final Map<Incident, Long> firstFail = new HashMap<>();
    private final Map<Incident, Set<String>> groups = new HashMap<>();
    private final Map<Incident, Set<String>> failedGroups = new HashMap<>();

    /** Groups whose latest judged window was a false FAIL: a new one there is no new episode. */
    private final Set<String> inFalseEpisode = new HashSet<>();

    private long groupWindows;
    private long falseWindows;
    private long falseEpisodes;
    private long otherIncident;

    ShiftEvidence(CohortOptions options, long windowMillis, long warmupMillis) {
        this.monitor = new ShiftMonitor(options);
        this.windowMillis = windowMillis;
        this.warmupMillis = warmupMillis;
    }

    /** Whether the check catches incidents of {@code kind}. */
    static boolean checks(FaultKind kind) {
        return kind == FaultKind.THERMAL_WAVE || kind == FaultKind.BANDWIDTH_COLLAPSE;
    }

    /** Judges the edge windows among {@code closed} (in window order) against the incidents. */
    void observe(List<org.qoeflow.schema.QoeScore> closed, List<Incident> incidents) {
        for (var window : CohortEvaluation.groups(closed).entrySet()) {
            String[] key = window.getKey().split("\\|", -1);
            long start = Long.parseLong(key[0]);
            var judged =
                    monitor.judge(key[1], key[2], start, start + windowMillis, window.getValue());
            if (start >= warmupMillis && judged.isPresent()) {
                count(judged.get(), incidents);
            }
        }
    }

    private void count(CohortMonitor.Judged j, List<Incident> incidents) {
        groupWindows++;
        String group = j.region() + "/" + j.deviceClass();
        boolean episodeBefore = inFalseEpisode.remove(group);
        long grace = 2 * windowMillis;
        boolean explained = false;
        boolean anyActive = false;
        for (Incident inc : incidents) {
            if (!inc.activeIn(j.windowStart(), j.windowEnd(), grace)) {
                continue;
            }
            anyActive = true;
            if (checks(inc.fault().kind()) && covers(inc, j.region(), j.deviceClass())) {
                groups.computeIfAbsent(inc, k -> new HashSet<>()).add(group);
                if (j.verdict() == Verdict.FAIL) {
                    explained = true;
                    firstFail.merge(inc, j.windowEnd(), Math::min);
                    failedGroups.computeIfAbsent(inc, k -> new HashSet<>()).add(group);
                }
            }
        }
        if (j.verdict() != Verdict.FAIL || explained) {
            return;
        }
        if (anyActive) {
            otherIncident++;
        } else {
            falseWindows++;
            inFalseEpisode.add(group);
            if (!episodeBefore) {
                falseEpisodes++;
            }
        }
    }

    private static boolean covers(Incident inc, String region, String deviceClass) {
        return switch (inc.fault().kind()) {
            case THERMAL_WAVE -> deviceClass.equals(inc.fault().deviceClass());
            case BANDWIDTH_COLLAPSE -> region.equals(inc.fault().region());
            default -> false;
        };
    }

    @Override
    public OptionalLong caughtAt(Incident incident) {
        Long at = firstFail.get(incident);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    /** How many of the region x class groups {@code incident} covers FAILed, of how many. */
    String coverage(Incident incident) {
        return failedGroups.getOrDefault(incident, Set.of()).size()
                + " of "
                + groups.getOrDefault(incident, Set.of()).size();
    }

    Counts counts() {
        return new Counts(groupWindows, falseWindows, falseEpisodes, otherIncident);
    }
}
