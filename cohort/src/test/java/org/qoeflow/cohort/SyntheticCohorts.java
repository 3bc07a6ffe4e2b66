package org.qoeflow.cohort;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Synthetic region x class windows: nodes whose statistics are drawn around a class's levels. */
final class SyntheticCohorts {
    private final SplittableRandom rnd;

    SyntheticCohorts(long seed) {
        rnd = new SplittableRandom(seed);
    }

    /** {@code n} nodes of {@code variant}; latency scaled and success lowered by the arguments. */
    List<NodeSample> nodes(String variant, int n, double latencyFactor, double successDrop) {
        List<NodeSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double latency = 220 * latencyFactor * Math.exp(0.15 * rnd.nextGaussian());
            double success = Math.min(1, 0.99 - successDrop + 0.01 * rnd.nextGaussian());
            double temp = 38 + 3 * rnd.nextGaussian();
            double offload = Math.max(0, Math.min(1, 0.3 + 0.1 * rnd.nextGaussian()));
            out.add(NodeSample.of(variant + "-" + i, variant, latency, success, temp, offload));
        }
        return out;
    }

    static List<NodeSample> concat(List<NodeSample> a, List<NodeSample> b) {
        List<NodeSample> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
