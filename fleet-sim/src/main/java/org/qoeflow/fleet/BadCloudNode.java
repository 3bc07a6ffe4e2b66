package org.qoeflow.fleet;

/** The demo's incident: one cloud node turns 4x slower and fails half its requests for a while. */
public final class BadCloudNode {
    private BadCloudNode() {}

    /**
     * Schedules the fault on the first cloud node of the fleet's first region over [{@code
     * fromMillis}, {@code toMillis}) and returns that node's id. Call under the simulator's lock.
     */
    public static String schedule(FleetSimulator sim, long fromMillis, long toMillis) {
        String region = sim.options().regions().get(0);
        String node =
                sim.cloudNodeIds(region).stream()
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "no cloud node in region " + region));
        sim.injectFault(Fault.slowNode(node, fromMillis, toMillis));
        sim.injectFault(Fault.errorBurst(node, fromMillis, toMillis));
        return node;
    }
}
