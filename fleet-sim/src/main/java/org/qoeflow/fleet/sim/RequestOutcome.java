package org.qoeflow.fleet.sim;

/**
 * What one user request got from the fleet model.
 *
 * @param e2eMs end-to-end latency as the user saw it (failed requests with the latency they had)
 * @param energyMj energy the edge device spent on it
 * @param scope index of the offload scope the device was in
 */
public record RequestOutcome(
        double e2eMs, boolean ok, boolean offloaded, double energyMj, int scope) {}
