package org.qoeflow.controller.law;

import static org.qoeflow.common.Checks.inRange;
import static org.qoeflow.common.Checks.positive;

import java.time.Duration;

/**
 * When {@link RoutingLaw} drains a cloud node to weight 0 (failures, anomaly alerts); validated at
 * construction.
 *
 * @param successFloor a cloud node whose success rate is below this is drained to weight 0
 * @param drainPeerMargin a node under the success floor is drained only if its failure rate is also
 *     this much above the rest of its region's (and significantly so, {@code drainSignificance}):
 *     when every node fails alike (a brownout, an overloaded pool), draining some would only pile
 *     their load onto the others
 * @param anomalyHold a cloud node stays drained this long after its last anomaly alert
 * @param maxAnomalyDrainShare at most this share of a region's cloud nodes (at least one) is
 *     drained on anomaly alerts alone at a time (0.34: one node in three)
 * @param anomalyCostMargin an anomaly alert drains a node only if its cost exceeds the mean cost of
 *     its region's other nodes by more than this share (or it is drained already); otherwise the
 *     alert is noted in the reason and the node keeps its weight
 * @param drainSignificance a node under the success floor is drained only if the binomial tail
 *     probability of its failure count, at the failure rate of the rest of its region's nodes, is
 *     below this: one window's noise at a region-wide failure rate is not a failing node
 */
public record DrainOptions(
        double successFloor,
        double drainPeerMargin,
        Duration anomalyHold,
        double maxAnomalyDrainShare,
        double anomalyCostMargin,
        double drainSignificance) {

    public static final DrainOptions DEFAULTS =
            new DrainOptions(0.8, 0.1, Duration.ofSeconds(60), 0.34, 1.0, 0.001);

    public DrainOptions {
        inRange("successFloor", successFloor, 0, 1);
        inRange("drainPeerMargin", drainPeerMargin, 0, 1);
        positive("anomalyHold", anomalyHold);
        inRange("maxAnomalyDrainShare", maxAnomalyDrainShare, 0, 1);
        inRange("anomalyCostMargin", anomalyCostMargin, 0, 10);
        inRange("drainSignificance", drainSignificance, 1e-12, 1);
    }
}
