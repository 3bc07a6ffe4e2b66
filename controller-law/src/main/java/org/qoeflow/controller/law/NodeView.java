package org.qoeflow.controller.law;

import java.util.function.UnaryOperator;
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
        return of(s, s.getNodeId(), UnaryOperator.identity());
    }

    /**
     * As {@link #of(QoeScore)} with {@code nodeId} for the score's own and its region, device class
     * and model variant passed through {@code names} (to share one copy of each between views).
     */
    public static NodeView of(QoeScore s, String nodeId, UnaryOperator<String> names) {
        return new NodeView(
                nodeId,
                s.getTier(),
                names.apply(s.getRegion()),
                names.apply(s.getDeviceClass()),
                names.apply(s.getModelVariant()),
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
