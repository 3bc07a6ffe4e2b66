package org.qoeflow.fleet;

import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * Picks the cloud node of a region for an offloaded request, at random by the routing weights in
 * force (uniform when none are held, or when they give no weight to any node of the region).
 */
final class Router {
    private final int[][] nodesByRegion;
    private final String[] nodeIds;
    private final double[][] cumulative;
    private final long[] cachedVersion;

    Router(int regions, String[] nodeIds, short[] nodeRegion) {
        this.nodeIds = nodeIds;
        this.nodesByRegion = new int[regions][];
        this.cumulative = new double[regions][];
        this.cachedVersion = new long[regions];
        for (int r = 0; r < regions; r++) {
            final int region = r;
            nodesByRegion[r] =
                    IntStream.range(0, nodeIds.length)
                            .filter(k -> nodeRegion[k] == region)
                            .toArray();
            cachedVersion[r] = -1;
        }
    }

    /** Refreshes region {@code r}'s table if the routing version changed. */
    void update(int r, long version, Map<String, Double> weights) {
        if (cachedVersion[r] == version) {
            return;
        }
        cachedVersion[r] = version;
        int[] nodes = nodesByRegion[r];
        double[] cum = new double[nodes.length];
        double total = 0;
        for (int j = 0; j < nodes.length; j++) {
            total += weights.getOrDefault(nodeIds[nodes[j]], 0.0);
            cum[j] = total;
        }
        cumulative[r] = total > 0 ? cum : null;
    }

    /** A cloud node index of region {@code r}. */
    int pick(int r, RandomGenerator rnd) {
        int[] nodes = nodesByRegion[r];
        double[] cum = cumulative[r];
        if (cum == null) {
            return nodes[rnd.nextInt(nodes.length)];
        }
        double x = rnd.nextDouble() * cum[cum.length - 1];
        for (int j = 0; j < cum.length; j++) {
            if (x < cum[j]) {
                return nodes[j];
            }
        }
        return nodes[nodes.length - 1];
    }
}
