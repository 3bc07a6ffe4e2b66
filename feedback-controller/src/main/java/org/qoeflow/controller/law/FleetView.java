package org.qoeflow.controller.law;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/** The latest QoE view of every node the controller has heard from recently. */
public final class FleetView {
    private final Map<String, NodeView> latest = new HashMap<>();

    /** Keeps the score if it is newer than what is held for its node. */
    public void observe(QoeScore score) {
        NodeView v = NodeView.of(score);
        latest.merge(v.nodeId(), v, (old, neu) -> neu.newerThan(old) ? neu : old);
    }

    /** Forgets nodes whose latest window ended before {@code cutoffMillis}. */
    public void evictOlderThan(long cutoffMillis) {
        latest.values().removeIf(v -> v.windowEnd() < cutoffMillis);
    }

    public int size() {
        return latest.size();
    }

    /** Fresh nodes of a tier, grouped by {@code region} (CLOUD) or device class (EDGE). */
    public Map<String, List<NodeView>> fresh(Tier tier, long cutoffMillis) {
        Map<String, List<NodeView>> out = new HashMap<>();
        for (NodeView v : latest.values()) {
            if (v.tier() == tier && v.windowEnd() >= cutoffMillis) {
                String group = tier == Tier.CLOUD ? v.region() : v.deviceClass();
                out.computeIfAbsent(group, k -> new ArrayList<>()).add(v);
            }
        }
        return out;
    }
}
