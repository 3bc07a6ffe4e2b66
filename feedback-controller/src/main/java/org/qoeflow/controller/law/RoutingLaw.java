package org.qoeflow.controller.law;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Weights over a region's cloud nodes that fall as a node's load weight rises; nodes under the
 * success floor are drained to 0, healthy nodes keep a floor, and changes are smoothed.
 */
public final class RoutingLaw {
    private final ControlOptions options;

    public RoutingLaw(ControlOptions options) {
        this.options = options;
    }

    /** New weights (summing to 1) given the region's fresh nodes and the previous weights. */
    public Decision decide(String scope, List<NodeView> nodes, Map<String, Double> previous) {
        return decide(scope, nodes, previous, Set.of());
    }

    /** As above; nodes the anomaly model alerted on recently are drained too. */
    public Decision decide(
            String scope,
            List<NodeView> nodes,
            Map<String, Double> previous,
            Set<String> anomalous) {
        TreeSet<String> drained = new TreeSet<>();
        TreeSet<String> drainedAnomalous = new TreeSet<>();
        Map<String, Double> target = new HashMap<>();
        for (NodeView n : nodes) {
            if (n.successRate() < options.successFloor()) {
                drained.add(n.nodeId());
            } else if (anomalous.contains(n.nodeId())) {
                drained.add(n.nodeId());
                drainedAnomalous.add(n.nodeId());
            } else {
                double headroom = Math.max(0, 1 - n.loadWeight());
                target.put(n.nodeId(), headroom * headroom);
            }
        }
        String reason;
        if (target.isEmpty()) {
            // Every node is failing: draining all of them would route nowhere.
            nodes.forEach(n -> target.put(n.nodeId(), 1.0));
            drained.clear();
            reason = "all-below-success-floor:uniform";
        } else {
            reason = "load-headroom";
            TreeSet<String> lowSuccess = new TreeSet<>(drained);
            lowSuccess.removeAll(drainedAnomalous);
            if (!lowSuccess.isEmpty()) {
                reason += ";drained=" + lowSuccess;
            }
            if (!drainedAnomalous.isEmpty()) {
                reason += ";drained-anomaly=" + drainedAnomalous;
            }
        }
        normalizeWithFloor(target);
        Map<String, Double> smoothed = new TreeMap<>();
        for (NodeView n : nodes) {
            double t = target.getOrDefault(n.nodeId(), 0.0);
            Double prev = previous.get(n.nodeId());
            double w =
                    drained.contains(n.nodeId()) || prev == null
                            ? t
                            : options.weightSmoothing() * t
                                    + (1 - options.weightSmoothing()) * prev;
            smoothed.put(n.nodeId(), w);
        }
        normalize(smoothed);
        return new Decision(
                scope, org.qoeflow.schema.ControlKind.ROUTING_WEIGHTS, null, smoothed, reason);
    }

    private void normalizeWithFloor(Map<String, Double> w) {
        normalize(w);
        w.replaceAll((k, v) -> Math.max(v, options.minWeight()));
        normalize(w);
    }

    private static void normalize(Map<String, Double> w) {
        double sum = w.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum <= 0) {
            w.replaceAll((k, v) -> 1.0 / w.size());
        } else {
            w.replaceAll((k, v) -> v / sum);
        }
    }
}
