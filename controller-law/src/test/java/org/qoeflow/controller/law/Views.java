package org.qoeflow.controller.law;

import org.qoeflow.schema.Tier;

/** Test builders of node views. */
final class Views {
    private Views() {}

    /** A cloud node: server latency {@code latencyMs}, queue depth {@code inFlight}. */
    static NodeView cloud(String id, double latencyMs, double inFlight, double success) {
        return new NodeView(
                id,
                Tier.CLOUD,
                "eu",
                "gpu",
                "large",
                10_000,
                0,
                100,
                latencyMs,
                latencyMs * 1.3,
                success,
                0.3,
                latencyMs,
                Double.NaN,
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                inFlight);
    }

    /** A cloud node with only a load weight (no queue depth reported). */
    static NodeView cloud(String id, double load, double success) {
        return new NodeView(
                id,
                Tier.CLOUD,
                "eu",
                "gpu",
                "large",
                10_000,
                0,
                100,
                Double.NaN,
                300,
                success,
                load,
                Double.NaN,
                Double.NaN,
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN);
    }

    /** An edge node of scope eu/cls/m: local and offloaded means, offload share, success. */
    static NodeView edge(
            String cls, double local, double offloaded, double share, long requests, double ok) {
        return new NodeView(
                "e-" + cls + local + "-" + share,
                Tier.EDGE,
                "eu",
                cls,
                "m",
                10_000,
                0,
                requests,
                local,
                local * 1.2,
                ok,
                0.1,
                share >= 1 ? Double.NaN : local,
                share <= 0 ? Double.NaN : offloaded,
                share,
                10_000,
                40,
                2000,
                Double.NaN);
    }

    /** {@code v} for the window ending at {@code windowEnd}, with {@code requests} requests. */
    static NodeView at(NodeView v, long windowEnd, long requests) {
        return new NodeView(
                v.nodeId(),
                v.tier(),
                v.region(),
                v.deviceClass(),
                v.modelVariant(),
                windowEnd,
                v.revision(),
                requests,
                v.p50Ms(),
                v.p95Ms(),
                v.successRate(),
                v.loadWeight(),
                v.localLatencyMs(),
                v.offloadedLatencyMs(),
                v.offloadShare(),
                v.bandwidthKbps(),
                v.temperatureC(),
                v.cpuFreqMhz(),
                v.queueDepth());
    }
}
