package org.qoeflow.controller.law;

import java.time.Duration;

/**
 * Parameters of the control law, validated at construction.
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
 * @param cloudOverloadLoad mean cloud load weight above which offloading is throttled
 * @param validity how long a control update stays valid
 * @param decisionInterval how often the law runs
 * @param anomalyHold a cloud node stays drained this long after its last anomaly alert
 */
public record ControlOptions(
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
        double cloudOverloadLoad,
        Duration validity,
        Duration decisionInterval,
        Duration anomalyHold) {

    public static final ControlOptions DEFAULTS =
            new ControlOptions(
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
                    0.8,
                    Duration.ofMinutes(2),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(60));

    public ControlOptions {
        positive("staleAfter", staleAfter);
        range("successFloor", successFloor, 0, 1);
        range("minWeight", minWeight, 0, 0.5);
        range("weightSmoothing", weightSmoothing, 0.01, 1);
        range("thresholdMinMs", thresholdMinMs, 1, 1e6);
        range("thresholdMaxMs", thresholdMaxMs, thresholdMinMs, 1e6);
        range("thresholdInitialMs", thresholdInitialMs, thresholdMinMs, thresholdMaxMs);
        range("thresholdGain", thresholdGain, 0.01, 1);
        range("thresholdMaxStepMs", thresholdMaxStepMs, 1, 1e6);
        range("defaultNetworkMs", defaultNetworkMs, 0, 1e5);
        range("cloudOverloadLoad", cloudOverloadLoad, 0.1, 1);
        positive("validity", validity);
        positive("decisionInterval", decisionInterval);
        positive("anomalyHold", anomalyHold);
    }

    /** These options deciding every {@code interval} and smoothing weights by {@code smoothing}. */
    public ControlOptions withPace(Duration interval, double smoothing) {
        return new ControlOptions(
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
                cloudOverloadLoad,
                validity,
                interval,
                anomalyHold);
    }

    private static void range(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(
                    name + " must be in [" + lo + ", " + hi + "], got " + v);
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + d);
        }
    }
}
