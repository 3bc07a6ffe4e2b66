package org.qoeflow.router;

import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a region's traffic shares into HAProxy server weights (integers 0..256), read the way the
 * fleet reads them: a mapped node the update does not name gets the mean share of those it does,
 * and if every share is zero the traffic is spread evenly rather than dropped.
 *
 * <p>The largest share becomes {@link #MAX_WEIGHT}; the others keep their ratio to it, rounded.
 * Only a share of exactly zero drains a server: a positive share too small to round to 1 still gets
 * weight 1, so a node the controller keeps in the pool is never silently drained.
 */
public final class HaproxyWeights {
    /** HAProxy's largest absolute server weight. */
    public static final int MAX_WEIGHT = 256;

    private HaproxyWeights() {}

    /**
     * The weight of every server in {@code mapping} (cloud node id to server) under {@code shares}
     * (cloud node id to share, as in {@code ControlUpdate.routing_weights}); node ids in {@code
     * shares} without a server are not part of this load balancer and are ignored.
     */
    public static Map<ServerRef, Integer> of(
            Map<String, Double> shares, Map<String, ServerRef> mapping) {
        double known = 0;
        int count = 0;
        for (String node : mapping.keySet()) {
            Double s = shares.get(node);
            if (s != null) {
                known += requireShare(node, s);
                count++;
            }
        }
        double mean = count == 0 ? 1.0 : known / count;
        Map<String, Double> effective = new TreeMap<>();
        double max = 0;
        for (String node : mapping.keySet()) {
            double s = shares.containsKey(node) ? shares.get(node) : mean;
            effective.put(node, s);
            max = Math.max(max, s);
        }
        Map<ServerRef, Integer> weights = new TreeMap<>();
        for (Map.Entry<String, Double> e : effective.entrySet()) {
            weights.put(mapping.get(e.getKey()), weight(e.getValue(), max));
        }
        return weights;
    }

    private static int weight(double share, double max) {
        if (max <= 0) {
            return MAX_WEIGHT; // all drained: spread evenly, as the fleet does
        }
        if (share <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.min(MAX_WEIGHT, Math.round(share / max * MAX_WEIGHT)));
    }

    private static double requireShare(String node, Double s) {
        if (s == null || !Double.isFinite(s) || s < 0) {
            throw new IllegalArgumentException(
                    "share of " + node + " must be a finite number >= 0, got " + s);
        }
        return s;
    }
}
