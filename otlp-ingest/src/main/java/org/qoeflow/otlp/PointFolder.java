package org.qoeflow.otlp;

import org.qoeflow.qoe.NodeWindowStats;

/** Folds delta points (after {@link CumulativeDelta}) into a node's window statistics. */
public final class PointFolder {
    private PointFolder() {}

    public static void fold(NodeWindowStats stats, MetricPoint p) {
        stats.identify(p.nodeId, p.tier, p.region, p.deviceClass, p.modelVariant);
        switch (p.signal) {
            case E2E_LATENCY -> stats.addE2eHistogram(p.boundsMs, p.counts, p.failed);
            case TTFT -> stats.addTtftHistogram(p.boundsMs, p.counts);
            case QUEUE_DEPTH -> stats.addQueueDepth(p.value);
            case RUNNING_REQUESTS -> stats.addRunningRequests(p.value);
            case KV_CACHE -> stats.addKvCacheUtilization(p.value);
            case OUTCOMES -> {
                long n = Math.round(p.value);
                stats.addOutcomes(p.failed ? 0 : n, p.failed ? n : 0);
            }
        }
    }
}
