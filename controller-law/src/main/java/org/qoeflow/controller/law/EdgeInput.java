package org.qoeflow.controller.law;

import java.util.List;

/**
 * What the offload law reads of one scope's fresh edge devices in a decision round, either from the
 * devices' own views ({@link Devices}) or from the sums of a {@link ScopeSummary}.
 */
interface EdgeInput {
    /** The devices' aggregates. */
    OffloadLaw.EdgeStats stats();

    /** Requests offered at {@code thresholdMs} (offloaded, or local with a mean above it). */
    double offeredRequests(double thresholdMs);

    /** Requests offloaded. */
    double offloadedRequests();

    /** The newest window end of the devices. */
    long newestWindowEnd();

    /** The per-device input: the scope's fresh devices' latest views. */
    record Devices(List<NodeView> nodes) implements EdgeInput {
        @Override
        public OffloadLaw.EdgeStats stats() {
            return OffloadLaw.EdgeStats.of(nodes);
        }

        @Override
        public double offeredRequests(double thresholdMs) {
            double offered = 0;
            for (NodeView n : nodes) {
                offered += n.offloadedRequests();
                if (n.localLatencyMs() > thresholdMs) {
                    offered += n.localRequests();
                }
            }
            return offered;
        }

        @Override
        public double offloadedRequests() {
            double admitted = 0;
            for (NodeView n : nodes) {
                admitted += n.offloadedRequests();
            }
            return admitted;
        }

        @Override
        public long newestWindowEnd() {
            return nodes.stream().mapToLong(NodeView::windowEnd).max().orElse(Long.MIN_VALUE);
        }
    }

    /** The summary input: sums of the scope's fresh devices. */
    record Sums(EdgeSums sums) implements EdgeInput {
        @Override
        public OffloadLaw.EdgeStats stats() {
            return sums.stats();
        }

        @Override
        public double offeredRequests(double thresholdMs) {
            return sums.offeredRequests(thresholdMs);
        }

        @Override
        public double offloadedRequests() {
            return sums.offloadedRequests();
        }

        @Override
        public long newestWindowEnd() {
            return sums.newestWindowEnd();
        }
    }
}
