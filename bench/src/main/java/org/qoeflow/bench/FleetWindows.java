package org.qoeflow.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qoeflow.qoe.NodeWindowStats;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Telemetry;

/** QoE scores of the fleet model's telemetry, one per node and 5 s tumbling window. */
public final class FleetWindows {
    public static final long WINDOW_MS = 5000;

    private FleetWindows() {}

    /** Scores of every (node, window) that saw an event, windows in order per node. */
    public static List<QoeScore> scores(List<Telemetry> events) {
        QoeMath math = new QoeMath(QoeOptions.DEFAULTS);
        Map<String, NodeWindowStats> open = new HashMap<>();
        Map<String, Long> openStart = new HashMap<>();
        List<QoeScore> out = new ArrayList<>();
        for (Telemetry e : events) {
            long start = e.getEventTime().toEpochMilli() / WINDOW_MS * WINDOW_MS;
            Long held = openStart.get(e.getNodeId());
            if (held != null && held != start) {
                out.add(open.remove(e.getNodeId()).toScore(held, held + WINDOW_MS, 0, math));
            }
            openStart.put(e.getNodeId(), start);
            open.computeIfAbsent(e.getNodeId(), k -> new NodeWindowStats()).add(e);
        }
        return out;
    }
}
