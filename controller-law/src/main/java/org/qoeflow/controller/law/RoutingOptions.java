package org.qoeflow.controller.law;

import static org.qoeflow.common.Checks.inRange;

/**
 * Tuning of {@link RoutingLaw}'s peak-EWMA cost and multiplicative weight update; validated at
 * construction.
 *
 * @param minWeight floor for every healthy cloud node, so a recovering node keeps probe traffic
 * @param weightSmoothing share of the new target taken per decision (1 = no smoothing)
 * @param failurePenaltyMs latency charged for a failed request when costing a cloud node
 * @param costDecay EWMA weight of a new cost observation of a node
 * @param costPeakRatio an observed cost this many times the EWMA replaces it at once (peak EWMA)
 * @param weightMaxStep largest change of one node's routing weight per decision
 * @param weightDeadband weight changes smaller than this (or than 20% of the weight) are skipped
 * @param routingGain exponent of the multiplicative routing update: each decision a node's weight
 *     is multiplied by (mean cost / its cost)^gain, so weights move toward equal cost in small
 *     steps (the loop sees a node's queue only a window later; a large gain overshoots and herds)
 * @param routingCostDeadband cost ratios within this share of the mean leave the weight alone
 */
public record RoutingOptions(
        double minWeight,
        double weightSmoothing,
        double failurePenaltyMs,
        double costDecay,
        double costPeakRatio,
        double weightMaxStep,
        double weightDeadband,
        double routingGain,
        double routingCostDeadband) {

    public static final RoutingOptions DEFAULTS =
            new RoutingOptions(0.02, 0.5, 2000, 0.3, 1.5, 0.1, 0.02, 0.1, 0.25);

    public RoutingOptions {
        inRange("minWeight", minWeight, 0, 0.5);
        inRange("weightSmoothing", weightSmoothing, 0.01, 1);
        inRange("failurePenaltyMs", failurePenaltyMs, 0, 1e6);
        inRange("costDecay", costDecay, 0.01, 1);
        inRange("costPeakRatio", costPeakRatio, 1, 100);
        inRange("weightMaxStep", weightMaxStep, 0.001, 1);
        inRange("weightDeadband", weightDeadband, 0, 0.5);
        inRange("routingGain", routingGain, 0.01, 1);
        inRange("routingCostDeadband", routingCostDeadband, 0, 10);
    }

    /** These options with {@code v} as the weight smoothing. */
    public RoutingOptions withWeightSmoothing(double v) {
        return new RoutingOptions(
                minWeight,
                v,
                failurePenaltyMs,
                costDecay,
                costPeakRatio,
                weightMaxStep,
                weightDeadband,
                routingGain,
                routingCostDeadband);
    }

    /** These options charging a failed request {@code ms}. */
    public RoutingOptions withFailurePenaltyMs(double ms) {
        return new RoutingOptions(
                minWeight,
                weightSmoothing,
                ms,
                costDecay,
                costPeakRatio,
                weightMaxStep,
                weightDeadband,
                routingGain,
                routingCostDeadband);
    }
}
