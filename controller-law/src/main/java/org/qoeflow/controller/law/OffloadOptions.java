package org.qoeflow.controller.law;

import static org.qoeflow.common.Checks.inRange;
import static org.qoeflow.common.Checks.positive;

import java.time.Duration;

/**
 * Tuning of {@link OffloadLaw} and the cloud estimates it reads ({@link CloudEstimator}): the
 * offload threshold's clamps and step, and the latency and network estimators; validated at
 * construction.
 *
 * @param thresholdInitialMs offload threshold before any feedback
 * @param thresholdMinMs lower clamp of the offload threshold
 * @param thresholdMaxMs upper clamp of the offload threshold
 * @param thresholdGain share of the gap to the target closed per decision
 * @param thresholdMaxStepMs largest threshold change per decision: bounds how fast a whole device
 *     class is swept across its own local latency (75 ms; 150 let the embedded class flip between
 *     all-local and all-offloaded every few decisions in the traffic peak)
 * @param defaultNetworkMs network time assumed when no offloaded request was observed
 * @param slaMs end-to-end latency SLA; congestion pricing never keeps a request local above it
 *     unless the cloud itself is slower
 * @param payloadKbit request payload sent when offloading, for the transfer-time estimate
 * @param minOffloadedRequests offloaded requests of a scope needed to trust its own measurement of
 *     the cloud latency (else region server latency + network + transfer)
 * @param networkSmoothing EWMA weight of a new network-time (RTT) observation per region
 * @param baseDrift per-decision upward drift of the region's base service time (a running minimum
 *     that forgets)
 * @param edgeFailMargin a scope whose local success rate is this much below the cloud's offloads
 *     everything it may
 * @param failureHalfLife age at which a cloud window's request and failure counts weigh half in the
 *     failure rate the law prices ({@link FailureEstimate}; prior: {@code minOffloadedRequests}
 *     successful requests)
 */
public record OffloadOptions(
        double thresholdInitialMs,
        double thresholdMinMs,
        double thresholdMaxMs,
        double thresholdGain,
        double thresholdMaxStepMs,
        double defaultNetworkMs,
        double slaMs,
        double payloadKbit,
        double minOffloadedRequests,
        double networkSmoothing,
        double baseDrift,
        double edgeFailMargin,
        Duration failureHalfLife) {

    public static final OffloadOptions DEFAULTS =
            new OffloadOptions(
                    400,
                    50,
                    3000,
                    0.4,
                    75,
                    60,
                    500,
                    256,
                    20,
                    0.3,
                    0.002,
                    0.05,
                    Duration.ofSeconds(5));

    public OffloadOptions {
        inRange("thresholdMinMs", thresholdMinMs, 1, 1e6);
        inRange("thresholdMaxMs", thresholdMaxMs, thresholdMinMs, 1e6);
        inRange("thresholdInitialMs", thresholdInitialMs, thresholdMinMs, thresholdMaxMs);
        inRange("thresholdGain", thresholdGain, 0.01, 1);
        inRange("thresholdMaxStepMs", thresholdMaxStepMs, 1, 1e6);
        inRange("defaultNetworkMs", defaultNetworkMs, 0, 1e5);
        inRange("slaMs", slaMs, 1, 1e6);
        inRange("payloadKbit", payloadKbit, 0, 1e6);
        inRange("minOffloadedRequests", minOffloadedRequests, 1, 1e6);
        inRange("networkSmoothing", networkSmoothing, 0.01, 1);
        inRange("baseDrift", baseDrift, 0, 0.1);
        inRange("edgeFailMargin", edgeFailMargin, 0, 1);
        positive("failureHalfLife", failureHalfLife);
    }
}
