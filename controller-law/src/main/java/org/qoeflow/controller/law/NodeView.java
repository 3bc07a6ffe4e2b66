package org.qoeflow.controller.law;

import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/** What the control law needs from a node's latest QoE score (NaN where the score has none). */
public record NodeView(
        String nodeId,
        Tier tier,
        String region,
        String deviceClass,
        String modelVariant,
        long windowEnd,
        int revision,
        long requests,
        double p50Ms,
        double p95Ms,
        double successRate,
        double loadWeight,
        double localLatencyMs,
        double offloadedLatencyMs,
        double offloadShare,
        double bandwidthKbps,
        double temperatureC,
        double cpuFreqMhz,
        double queueDepth) {

    public static NodeView of(QoeScore s) {
        return new NodeView(
                s.getNodeId(),
                s.getTier(),
                s.getRegion(),
                s.getDeviceClass(),
                s.getModelVariant(),
                s.getWindowEnd().toEpochMilli(),
                s.getRevision(),
                s.getRequestCount(),
                nan(s.getLatencyP50Ms()),
                nan(s.getLatencyP95Ms()),
                s.getSuccessRate(),
                s.getLoadWeight(),
                nan(s.getLocalLatencyMeanMs()),
                nan(s.getOffloadedLatencyMeanMs()),
                s.getOffloadShare(),
                nan(s.getBandwidthKbps()),
                nan(s.getTemperatureC()),
                nan(s.getCpuFreqMhz()),
                nan(s.getQueueDepth()));
    }

    private static double nan(Double d) {
        return d == null ? Double.NaN : d;
    }

    /** True if this view is for a later window, or a later revision of the same window. */
    public boolean newerThan(NodeView other) {
        return windowEnd > other.windowEnd
                || (windowEnd == other.windowEnd && revision > other.revision);
    }

    /** Requests this node served itself in the window. */
    public double localRequests() {
        return requests * (1 - offloadShare);
    }

    /** Requests this (edge) node offloaded in the window. */
    public double offloadedRequests() {
        return requests * offloadShare;
    }
}
