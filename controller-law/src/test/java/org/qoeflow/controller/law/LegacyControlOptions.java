package org.qoeflow.controller.law;

import static org.qoeflow.common.Checks.inRange;
import static org.qoeflow.common.Checks.positive;

import java.time.Duration;

/**
 * The control loop's pace and bounds, validated at construction: how often the law decides, how
 * long scores and updates stay valid, the offload threshold's clamps and step, and the routing
 * floor and drain rules. The estimators and tuning of the sub-laws are in LegacyLawOptions; {@link
 * LawOverrides} changes either by name.
 *
 * @param staleAfter a node's latest score older than this is ignored
 * @param successFloor a cloud node whose success rate is below this is drained to weight 0
 * @param minWeight floor for every healthy cloud node, so a recovering node keeps probe traffic
 * @param weightSmoothing share of the new target taken per decision (1 = no smoothing)
 * @param thresholdInitialMs offload threshold before any feedback
 * @param thresholdMinMs lower clamp of the offload threshold
 * @param thresholdMaxMs upper clamp of the offload threshold
 * @param thresholdGain share of the gap to the target closed per decision
 * @param thresholdMaxStepMs largest threshold change per decision: bounds how fast a whole device
 *     class is swept across its own local latency (75 ms; 150 let the embedded class flip between
 *     all-local and all-offloaded every few decisions in the traffic peak)
 * @param defaultNetworkMs network time assumed when no offloaded request was observed
 * @param validity how long a control update stays valid
 * @param decisionInterval how often the law runs
 * @param anomalyHold a cloud node stays drained this long after its last anomaly alert
 */
public record LegacyControlOptions(
        Duration staleAfter,
        double successFloor,
        double minWeight,
        double weightSmoothing,
        double thresholdInitialMs,
        double thresholdMinMs,
        double thresholdMaxMs,
        double thresholdGain,
        double thresholdMaxStepMs,
        double defaultNetworkMs,
        Duration validity,
        Duration decisionInterval,
        Duration anomalyHold) {

    public static final LegacyControlOptions DEFAULTS =
            new LegacyControlOptions(
                    Duration.ofSeconds(30),
                    0.8,
                    0.02,
                    0.5,
                    400,
                    50,
                    3000,
                    0.4,
                    75,
                    60,
                    Duration.ofMinutes(2),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(60));

    public LegacyControlOptions {
        positive("staleAfter", staleAfter);
        inRange("successFloor", successFloor, 0, 1);
        inRange("minWeight", minWeight, 0, 0.5);
        inRange("weightSmoothing", weightSmoothing, 0.01, 1);
        inRange("thresholdMinMs", thresholdMinMs, 1, 1e6);
        inRange("thresholdMaxMs", thresholdMaxMs, thresholdMinMs, 1e6);
        inRange("thresholdInitialMs", thresholdInitialMs, thresholdMinMs, thresholdMaxMs);
        inRange("thresholdGain", thresholdGain, 0.01, 1);
        inRange("thresholdMaxStepMs", thresholdMaxStepMs, 1, 1e6);
        inRange("defaultNetworkMs", defaultNetworkMs, 0, 1e5);
        positive("validity", validity);
        positive("decisionInterval", decisionInterval);
        positive("anomalyHold", anomalyHold);
    }

    /** These options deciding every {@code interval} and smoothing weights by {@code smoothing}. */
    public LegacyControlOptions withPace(Duration interval, double smoothing) {
        return new LegacyControlOptions(
                staleAfter,
                successFloor,
                minWeight,
                smoothing,
                thresholdInitialMs,
                thresholdMinMs,
                thresholdMaxMs,
                thresholdGain,
                thresholdMaxStepMs,
                defaultNetworkMs,
                validity,
                interval,
                anomalyHold);
    }
}
