package org.qoeflow.cohort;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cohort analysis with its streak state for code that steps windows itself (the fleet
 * evaluation; the Flink job keeps the same counts in keyed state): one call per region x device
 * class window, in window order, returns each variant's stable verdict.
 */
public final class CohortMonitor {
    /** One cohort's verdict for one window. */
    public record Judged(
            String region,
            String deviceClass,
            long windowStart,
            long windowEnd,
            CohortResult result,
            int failingWindows,
            Verdict verdict) {}

    private final CohortAnalysis analysis;
    private final Map<String, Map<String, Integer>> failing = new HashMap<>();

    public CohortMonitor(CohortOptions options) {
        this.analysis = new CohortAnalysis(options);
    }

    public CohortOptions options() {
        return analysis.options();
    }

    /** Judges the samples of one region x device class window; variants not in it are reset. */
    public List<Judged> judge(
            String region,
            String deviceClass,
            long windowStart,
            long windowEnd,
            List<NodeSample> samples) {
        Map<String, Integer> counts =
                failing.computeIfAbsent(region + '/' + deviceClass, g -> new HashMap<>());
        List<Judged> out = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (CohortResult r : analysis.compare(samples)) {
            present.add(r.variant());
            var step =
                    VerdictStreaks.next(
                            counts.getOrDefault(r.variant(), 0),
                            r.windowVerdict(),
                            options().failAfterWindows());
            counts.put(r.variant(), step.failingWindows());
            out.add(
                    new Judged(
                            region,
                            deviceClass,
                            windowStart,
                            windowEnd,
                            r,
                            step.failingWindows(),
                            step.verdict()));
        }
        counts.keySet().retainAll(present);
        return out;
    }
}
