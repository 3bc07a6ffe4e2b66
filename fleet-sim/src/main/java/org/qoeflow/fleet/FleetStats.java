package org.qoeflow.fleet;

/**
 * A snapshot of the simulated fleet's counters and state.
 *
 * @param requests user requests so far (offloaded ones counted once)
 * @param offloaded requests an edge device sent to the cloud
 * @param failures requests that failed as the user saw them
 * @param offloadShareLastInterval offloaded / requests during the last {@code advance} call (0 when
 *     it had none)
 * @param meanEdgeTemperatureC mean edge device temperature at the end of the last advance
 * @param appliedVersionMin lowest control version held by any node whose scope has one (0 if none)
 * @param appliedVersionMax highest control version held by any node (0 if none)
 */
public record FleetStats(
        long requests,
        long offloaded,
        long failures,
        double offloadShareLastInterval,
        double meanEdgeTemperatureC,
        long appliedVersionMin,
        long appliedVersionMax) {}
