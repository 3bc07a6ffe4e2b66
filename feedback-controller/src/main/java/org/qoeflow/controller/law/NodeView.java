package org.qoeflow.controller.law;

import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/** What the control law needs from a node's latest QoE score. */
public record NodeView(
        String nodeId,
        Tier tier,
        String region,
        String deviceClass,
        long windowEnd,
        int revision,
        long requests,
        double p95Ms,
        double successRate,
        double loadWeight,
        double localLatencyMs,
        double offloadedLatencyMs) {

    public static NodeView of(QoeScore s) {
        return new NodeView(
                s.getNodeId(),
                s.getTier(),
                s.getRegion(),
                s.getDeviceClass(),
                s.getWindowEnd().toEpochMilli(),
                s.getRevision(),
                s.getRequestCount(),
                nan(s.getLatencyP95Ms()),
                s.getSuccessRate(),
                s.getLoadWeight(),
                nan(s.getLocalLatencyMeanMs()),
                nan(s.getOffloadedLatencyMeanMs()));
    }

    private static double nan(Double d) {
        return d == null ? Double.NaN : d;
    }

    /** True if this view is for a later window, or a later revision of the same window. */
    public boolean newerThan(NodeView other) {
        return windowEnd > other.windowEnd
                || (windowEnd == other.windowEnd && revision > other.revision);
    }
}
