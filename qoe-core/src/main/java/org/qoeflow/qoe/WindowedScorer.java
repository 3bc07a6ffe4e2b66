package org.qoeflow.qoe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.qoeflow.common.Checks;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Telemetry;

/**
 * The QoE job's windowing in-process, without Flink: tumbling event-time windows per node, closed
 * when the caller's watermark passes them. Used by the simulator and evaluations to replay hours of
 * fleet time in seconds with the same scoring code.
 */
public final class WindowedScorer {
    private final long windowMillis;
    private final QoeMath math;
    private final TreeMap<Long, Map<String, NodeWindowStats>> open = new TreeMap<>();
    private long watermark = Long.MIN_VALUE;
    private long late;

    public WindowedScorer(long windowMillis, QoeMath math) {
        this.windowMillis = Checks.atLeast("windowMillis", windowMillis, 1);
        this.math = math;
    }

    /** Adds one event; an event for a window already closed is counted as late and dropped. */
    public void add(Telemetry t) {
        long time = t.getEventTime().toEpochMilli();
        long start = Math.floorDiv(time, windowMillis) * windowMillis;
        if (start + windowMillis <= watermark) {
            late++;
            return;
        }
        open.computeIfAbsent(start, s -> new HashMap<>())
                .computeIfAbsent(t.getNodeId(), n -> new NodeWindowStats())
                .add(t);
    }

    /** Closes every window that ends at or before {@code newWatermark}; scores in time order. */
    public List<QoeScore> advanceTo(long newWatermark) {
        watermark = Math.max(watermark, newWatermark);
        List<QoeScore> out = new ArrayList<>();
        while (!open.isEmpty() && open.firstKey() + windowMillis <= watermark) {
            var e = open.pollFirstEntry();
            long start = e.getKey();
            for (NodeWindowStats stats : e.getValue().values()) {
                out.add(stats.toScore(start, start + windowMillis, 0, math));
            }
        }
        return out;
    }

    public long lateEvents() {
        return late;
    }

    public long windowMillis() {
        return windowMillis;
    }
}
