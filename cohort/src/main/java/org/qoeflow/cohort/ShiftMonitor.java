package org.qoeflow.cohort;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group's change over time, judged like a cohort: each region x device class window's nodes are
 * compared, by the cohort analysis and its k-window rule, with the same group's nodes {@link
 * CohortOptions#shiftLagMillis()} earlier. A group-wide fault (a thermal wave on a class, a
 * bandwidth collapse in a region) makes every variant of the group worse at once, so no cohort
 * differs from its peers; only the group's own past shows it.
 *
 * <p>{@link #compare} and {@link #step} are the check itself; the Flink job ({@code CohortWindow})
 * calls them with the lagged window and the streak kept in keyed state, and {@link #judge} calls
 * them with both kept in memory, for code that steps windows itself (the fleet evaluation).
 */
public final class ShiftMonitor {
    /** The variant labels the analysis sees: the current window and the lagged one. */
    public static final String NOW = "now";

    public static final String BEFORE = "before";

    private record Past(long windowStart, List<NodeSample> samples) {}

    private final CohortAnalysis analysis;
    private final long lagMillis;
    private final Map<String, ArrayDeque<Past>> history = new HashMap<>();
    private final Map<String, Integer> failing = new HashMap<>();

    public ShiftMonitor(CohortOptions options) {
        this.analysis = new CohortAnalysis(options);
        this.lagMillis = options.shiftLagMillis();
    }

    public CohortOptions options() {
        return analysis.options();
    }

    /**
     * The group's window {@code now} against the same group's window {@code before} (its samples'
     * variants are ignored): the result of the {@link #NOW} side; empty when either is empty.
     */
    public Optional<CohortResult> compare(List<NodeSample> now, List<NodeSample> before) {
        if (now.isEmpty() || before.isEmpty()) {
            return Optional.empty();
        }
        List<NodeSample> both = new ArrayList<>(now.size() + before.size());
        now.forEach(s -> both.add(new NodeSample(s.nodeId(), NOW, s.values())));
        // the same node before is another sample: the analysis keeps one sample per node id
        before.forEach(
                s -> both.add(new NodeSample(BEFORE + ':' + s.nodeId(), BEFORE, s.values())));
        return analysis.compare(both).stream().filter(r -> r.variant().equals(NOW)).findFirst();
    }

    /** The k-window rule on a group's consecutive failing windows before {@code r}. */
    public VerdictStreaks.Step step(int failingBefore, CohortResult r) {
        return VerdictStreaks.next(failingBefore, r.windowVerdict(), options().failAfterWindows());
    }

    /**
     * Judges one region x device class window (in window order) against the group's window that
     * started the lag before it; empty while there is none (start, or a gap).
     */
    public Optional<CohortMonitor.Judged> judge(
            String region,
            String deviceClass,
            long windowStart,
            long windowEnd,
            List<NodeSample> samples) {
        String group = region + '/' + deviceClass;
        ArrayDeque<Past> past = history.computeIfAbsent(group, g -> new ArrayDeque<>());
        while (!past.isEmpty() && past.peekFirst().windowStart() < windowStart - lagMillis) {
            past.pollFirst();
        }
        Past reference =
                !past.isEmpty() && past.peekFirst().windowStart() == windowStart - lagMillis
                        ? past.peekFirst()
                        : null;
        past.addLast(new Past(windowStart, samples));
        if (reference == null) {
            return Optional.empty();
        }
        Optional<CohortResult> r = compare(samples, reference.samples());
        if (r.isEmpty()) {
            failing.remove(group);
            return Optional.empty();
        }
        var s = step(failing.getOrDefault(group, 0), r.get());
        failing.put(group, s.failingWindows());
        return Optional.of(
                new CohortMonitor.Judged(
                        region,
                        deviceClass,
                        windowStart,
                        windowEnd,
                        r.get(),
                        s.failingWindows(),
                        s.verdict()));
    }
}
