package org.qoeflow.cohort;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group's change over time, judged like a cohort: each region x device class window's nodes are
 * compared, by the cohort analysis and its k-window rule ({@link CohortMonitor}), with the same
 * group's nodes {@code lagMillis} earlier. A group-wide fault (a thermal wave on a class, a
 * bandwidth collapse in a region) makes every variant of the group worse at once, so no cohort
 * differs from its peers; only the group's own past shows it.
 */
public final class ShiftMonitor {
    /** The variant labels the analysis sees: the current window and the lagged one. */
    public static final String NOW = "now";

    public static final String BEFORE = "before";

    private record Past(long windowStart, List<NodeSample> samples) {}

    private final CohortMonitor monitor;
    private final long lagMillis;
    private final Map<String, ArrayDeque<Past>> history = new HashMap<>();

    public ShiftMonitor(CohortOptions options, long lagMillis) {
        if (lagMillis <= 0) {
            throw new IllegalArgumentException("lagMillis must be > 0, got " + lagMillis);
        }
        this.monitor = new CohortMonitor(options);
        this.lagMillis = lagMillis;
    }

    /**
     * Judges one region x device class window (in window order) against the group's window that
     * started {@code lagMillis} before it; empty while there is none (start, or a gap).
     */
    public Optional<CohortMonitor.Judged> judge(
            String region,
            String deviceClass,
            long windowStart,
            long windowEnd,
            List<NodeSample> samples) {
        ArrayDeque<Past> past =
                history.computeIfAbsent(region + '/' + deviceClass, g -> new ArrayDeque<>());
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
        List<NodeSample> both = new ArrayList<>(samples.size() + reference.samples().size());
        samples.forEach(s -> both.add(new NodeSample(s.nodeId(), NOW, s.values())));
        // the same node before is another sample: the analysis keeps one sample per node id
        reference
                .samples()
                .forEach(
                        s ->
                                both.add(
                                        new NodeSample(
                                                BEFORE + ':' + s.nodeId(), BEFORE, s.values())));
        return monitor.judge(region, deviceClass, windowStart, windowEnd, both).stream()
                .filter(j -> j.result().variant().equals(NOW))
                .findFirst();
    }
}
