package org.qoeflow.controller.law;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qoeflow.schema.OffloadScope;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/**
 * Sums edge devices' QoE scores into one {@link ScopeSummary} per offload scope (region x device
 * class x model variant): per device it keeps the latest window (and the highest control version
 * applied) as {@link FleetView} does, so a device that changes scope leaves its old one. The plain
 * logic of the job's scope-summary operator, of the controller bench's producers and of the
 * equivalence test with the per-device view.
 */
public final class ScopeSummarizer {
    private static final class Device {
        NodeView latest;
        long applied;
    }

    private final Map<String, Device> devices = new HashMap<>();

    /** Takes a score; cloud nodes' scores are ignored (the controller reads them as they are). */
    public void observe(QoeScore score) {
        if (score.getTier() != Tier.EDGE) {
            return;
        }
        Device d = devices.computeIfAbsent(score.getNodeId(), k -> new Device());
        d.applied = Math.max(d.applied, score.getAppliedControlVersion());
        NodeView v = NodeView.of(score);
        if (d.latest == null || v.newerThan(d.latest)) {
            d.latest = v;
        }
    }

    /** Forgets devices whose latest window ended before {@code cutoffMillis}. */
    public void evictOlderThan(long cutoffMillis) {
        devices.values().removeIf(d -> d.latest.windowEnd() < cutoffMillis);
    }

    /** Devices held. */
    public int size() {
        return devices.size();
    }

    /** One summary per scope with a device held, as of window end {@code atMillis}. */
    public List<ScopeSummary> summaries(long atMillis) {
        Map<OffloadScope, ScopeSummary> out = new HashMap<>();
        for (Device d : devices.values()) {
            NodeView v = d.latest;
            out.computeIfAbsent(
                            OffloadScope.of(v.region(), v.deviceClass(), v.modelVariant()),
                            s -> new ScopeSummary(s, atMillis))
                    .add(v, d.applied);
        }
        return new ArrayList<>(out.values());
    }
}
