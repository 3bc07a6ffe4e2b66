package org.qoeflow.controller.law;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A region cloud's failure rate as the offload law prices it: the cloud nodes' own request and
 * failure counts (every scope's offloaded requests), each node window counted once and weighted by
 * its age with a half-life, shrunk toward "no failure" by a prior of {@code priorRequests}
 * successful requests. A handful of requests then moves the price by a handful's worth (3 of 3
 * failed is 3 / 23, not 100%), a steady fault on many requests is priced at its rate, and when the
 * evidence stops (nothing offloaded) the estimate decays to the prior: the price a fault raised
 * goes away within a bounded number of half-lives once the fault does.
 */
final class FailureEstimate {
    /** The estimate: failures and requests after weighting, and the shrunk rate. */
    record Rate(double failures, double requests, double rate) {
        static final Rate NONE = new Rate(0, 0, 0);
    }

    private final double halfLifeMs;
    private final double priorRequests;

    /** Per node, its windows by end: {requests, failures}. */
    private final Map<String, TreeMap<Long, double[]>> windows = new HashMap<>();

    FailureEstimate(double halfLifeMs, double priorRequests) {
        this.halfLifeMs = halfLifeMs;
        this.priorRequests = priorRequests;
    }

    /** Counts each node's latest window (a later revision of a window replaces it). */
    Rate observe(List<NodeView> cloud) {
        long newest = Long.MIN_VALUE;
        for (NodeView n : cloud) {
            if (n.requests() > 0 && Double.isFinite(n.successRate())) {
                double s = Math.max(0, Math.min(1, n.successRate()));
                windows.computeIfAbsent(n.nodeId(), k -> new TreeMap<>())
                        .put(n.windowEnd(), new double[] {n.requests(), n.requests() * (1 - s)});
            }
            newest = Math.max(newest, n.windowEnd());
        }
        if (newest == Long.MIN_VALUE) {
            newest =
                    windows.values().stream()
                            .filter(w -> !w.isEmpty())
                            .mapToLong(TreeMap::lastKey)
                            .max()
                            .orElse(Long.MIN_VALUE);
        }
        // Windows older than 20 half-lives weigh under 1e-6: forget them.
        long horizon = newest - (long) (20 * halfLifeMs);
        double req = 0, fail = 0;
        for (var it = windows.values().iterator(); it.hasNext(); ) {
            TreeMap<Long, double[]> node = it.next();
            node.headMap(horizon).clear();
            if (node.isEmpty()) {
                it.remove();
                continue;
            }
            for (var e : node.entrySet()) {
                double w = Math.pow(0.5, (newest - e.getKey()) / halfLifeMs);
                req += w * e.getValue()[0];
                fail += w * e.getValue()[1];
            }
        }
        return req == 0 ? Rate.NONE : new Rate(fail, req, fail / (req + priorRequests));
    }
}
