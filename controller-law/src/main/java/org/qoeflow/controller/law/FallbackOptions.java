package org.qoeflow.controller.law;

import static org.qoeflow.common.Checks.inRange;

/**
 * What {@link ControlLaw} publishes for a stale scope (no fresh score for {@link
 * LoopOptions#staleWindows} windows); validated at construction.
 *
 * @param fallbackThresholdMs offload threshold of a stale scope
 * @param fallbackAdmit admission cap a stale scope restarts from when its telemetry returns
 * @param fallbackRoutingBlend routing of a stale region: 0 holds the last weights decided from
 *     telemetry (drained nodes stay drained), 1 spreads uniformly over the nodes that had weight;
 *     in between, that share of uniform is blended in
 */
public record FallbackOptions(
        double fallbackThresholdMs, double fallbackAdmit, double fallbackRoutingBlend) {

    public static final FallbackOptions DEFAULTS = new FallbackOptions(500, 1.0, 0.0);

    public FallbackOptions {
        inRange("fallbackThresholdMs", fallbackThresholdMs, 1, 1e6);
        inRange("fallbackAdmit", fallbackAdmit, 0, 1);
        inRange("fallbackRoutingBlend", fallbackRoutingBlend, 0, 1);
    }
}
