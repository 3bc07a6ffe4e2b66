package org.qoeflow.controller.law;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cloud of a region delivers right now, from its nodes' and its edge devices' scores:
 * server latency, its inflation over the base service time (queueing), the network time (RTT) edge
 * devices see on top, and the success rate. Keeps a per-region running base and network EWMA.
 *
 * <p>Failed requests come back fast, so a failing node looks quick, not idle: only healthy nodes
 * (success at least the success floor and not far below their peers) set the base and the queueing
 * inflation, and the RTT is learnt only while the region's cloud succeeds above the floor. When no
 * node of the region is healthy (a region-wide brownout) the base and RTT hold their last values
 * and the inflation is unknown (NaN), so the admission cap holds too: the estimates after the fault
 * are those from before it, not from the fault's fast failures.
 */
final class CloudEstimator {
    /** One region's cloud as the offload law sees it; NaN fields when there was no data. */
    record RegionCloud(
            double serverMs,
            double healthyServerMs,
            double baseMs,
            double networkMs,
            double successRate,
            long requests,
            FailureEstimate.Rate failure) {

        /** A region whose failure rate is priced as measured, as if certain. */
        RegionCloud(
                double serverMs,
                double healthyServerMs,
                double baseMs,
                double networkMs,
                double successRate,
                long requests) {
            this(
                    serverMs,
                    healthyServerMs,
                    baseMs,
                    networkMs,
                    successRate,
                    requests,
                    Double.isNaN(successRate)
                            ? FailureEstimate.Rate.NONE
                            : new FailureEstimate.Rate(
                                    (1 - successRate) * requests,
                                    requests,
                                    Math.max(0, Math.min(1, 1 - successRate))));
        }

        /** A region whose serving nodes are all healthy. */
        RegionCloud(
                double serverMs,
                double baseMs,
                double networkMs,
                double successRate,
                long requests) {
            this(serverMs, serverMs, baseMs, networkMs, successRate, requests);
        }

        /**
         * Healthy nodes' server latency over base service time (1 = no queueing); NaN when no
         * healthy node served requests, or no base is known yet while nodes served (1 then).
         */
        double inflation() {
            if (Double.isNaN(healthyServerMs)) {
                return Double.isNaN(serverMs) ? 1.0 : Double.NaN;
            }
            return !(baseMs > 0) ? 1.0 : Math.max(1, healthyServerMs / baseMs);
        }

        /**
         * Marginal congestion cost of one more offloaded request, M/M/1 style: with server latency
         * W = S / (1 - rho) an extra request costs everyone W * (I - 1), I = W / S. 0 when unknown.
         */
        double congestionPriceMs() {
            double i = inflation();
            return Double.isNaN(healthyServerMs) || Double.isNaN(i) ? 0 : healthyServerMs * (i - 1);
        }

        /**
         * The failure rate the law prices: the region's failure counts over recent windows, shrunk
         * toward none by a prior of a few successful requests ({@link FailureEstimate}); 0 when
         * unknown.
         */
        double failureRate() {
            return failure.rate();
        }
    }

    private final LawOptions law;
    private final double defaultNetworkMs;
    private final double successFloor;
    private final Map<String, Double> base = new HashMap<>();
    private final Map<String, Double> network = new HashMap<>();
    private final Map<String, FailureEstimate> failures = new HashMap<>();

    CloudEstimator(LawOptions law, double defaultNetworkMs, double successFloor) {
        this.law = law;
        this.defaultNetworkMs = defaultNetworkMs;
        this.successFloor = successFloor;
    }

    /** Updates the region's state from one decision round's fresh nodes and returns it. */
    RegionCloud observe(String region, List<NodeView> cloud, List<NodeView> regionEdge) {
        return observe(region, cloud, serverMs -> observeNetwork(region, serverMs, regionEdge));
    }

    /**
     * As {@link #observe(String, List, List)} with the region's recent edge devices as sums (of
     * their scopes' summaries) instead of one by one.
     */
    RegionCloud observe(String region, List<NodeView> cloud, EdgeSums regionEdge) {
        return observe(
                region,
                cloud,
                serverMs ->
                        learnNetwork(
                                region,
                                serverMs,
                                regionEdge.networkLatencySum(),
                                law.offload().payloadKbit()
                                        * 1000
                                        * regionEdge.networkTransferWeight(),
                                regionEdge.networkRequests()));
    }

    private RegionCloud observe(
            String region, List<NodeView> cloud, java.util.function.DoubleConsumer regionEdge) {
        double serverSum = 0;
        double served = 0;
        double ok = 0;
        double healthySum = 0;
        double healthy = 0;
        double minNode = Double.POSITIVE_INFINITY;
        double bar =
                Math.max(
                        successFloor,
                        RoutingLaw.medianSuccess(cloud) - law.drain().drainPeerMargin());
        for (NodeView n : cloud) {
            double lat = serverLatency(n);
            if (n.requests() > 0 && !Double.isNaN(lat)) {
                serverSum += lat * n.requests();
                served += n.requests();
                ok += n.successRate() * n.requests();
                if (n.successRate() >= bar) {
                    // A node failing fast is quick, not idle: it must not set the base. Nor does a
                    // handful of requests: the minimum of a few draws is below the service time
                    // (in a brownout with almost nothing offloaded the base fell from 150 to 118
                    // ms on such windows, and the price read the difference as queueing for
                    // minutes after, the base drifting up 0.2% a decision).
                    if (n.requests() >= law.offload().minOffloadedRequests()) {
                        minNode = Math.min(minNode, lat);
                    }
                    healthySum += lat * n.requests();
                    healthy += n.requests();
                }
            }
        }
        double serverMs = served == 0 ? Double.NaN : serverSum / served;
        double success = served == 0 ? Double.NaN : ok / served;
        Double b = base.get(region);
        if (minNode < Double.POSITIVE_INFINITY) {
            b = b == null ? minNode : Math.min(b * (1 + law.offload().baseDrift()), minNode);
            base.put(region, b);
        }
        if (success >= successFloor) {
            regionEdge.accept(serverMs);
        }
        return new RegionCloud(
                serverMs,
                healthy == 0 ? Double.NaN : healthySum / healthy,
                b == null ? Double.NaN : b,
                network.getOrDefault(region, defaultNetworkMs),
                success,
                (long) served,
                failures.computeIfAbsent(
                                region,
                                r ->
                                        new FailureEstimate(
                                                law.offload().failureHalfLife().toMillis(),
                                                law.offload().minOffloadedRequests()))
                        .observe(cloud));
    }

    private void observeNetwork(String region, double serverMs, List<NodeView> edge) {
        double sum = 0;
        double count = 0;
        double transferSum = 0;
        for (NodeView n : edge) {
            double k = n.offloadedRequests();
            if (k > 0 && !Double.isNaN(n.offloadedLatencyMs())) {
                sum += n.offloadedLatencyMs() * k;
                transferSum += transferMs(n.bandwidthKbps()) * k;
                count += k;
            }
        }
        learnNetwork(region, serverMs, sum, transferSum, count);
    }

    private void learnNetwork(
            String region, double serverMs, double sum, double transferSum, double count) {
        if (count < law.offload().minOffloadedRequests() || Double.isNaN(serverMs)) {
            return;
        }
        double rtt = Math.max(0, (sum - transferSum) / count - serverMs);
        network.merge(
                region, rtt, (old, neu) -> old + law.offload().networkSmoothing() * (neu - old));
    }

    /** Mean server latency of a cloud node, else its p50, else its p95. */
    static double serverLatency(NodeView n) {
        if (!Double.isNaN(n.localLatencyMs())) {
            return n.localLatencyMs();
        }
        return Double.isNaN(n.p50Ms()) ? n.p95Ms() : n.p50Ms();
    }

    /** Time to send the request payload at {@code bandwidthKbps} (0 when unknown). */
    double transferMs(double bandwidthKbps) {
        return bandwidthKbps > 0 ? law.offload().payloadKbit() / bandwidthKbps * 1000 : 0;
    }
}
