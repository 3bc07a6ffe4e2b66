package org.qoeflow.fleet.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qoeflow.anomaly.lstm.LstmDetector;
import org.qoeflow.anomaly.step.AnomalyStep;
import org.qoeflow.anomaly.step.ModelRegistry;
import org.qoeflow.anomaly.step.NodeAnomalyState;
import org.qoeflow.controller.law.Decision;
import org.qoeflow.controller.law.FleetView;
import org.qoeflow.fleet.sim.Scenario.FaultKind;
import org.qoeflow.fleet.sim.Scenario.FaultSpec;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/**
 * The anomaly job's step in the simulated closed loop: every cloud node's QoE window is scored with
 * the built-in model ({@link AnomalyStep}, as the Flink operator runs it) and the scores go to the
 * law's fleet view; and the anomaly drains the law then decides are counted, a drain being false
 * when no fault hit that node in the hold before it. Edge nodes are not scored: the law reads
 * anomaly alerts only to route between cloud nodes.
 */
final class AnomalyLoop {
    private static final String MARK = "drained-anomaly=[";

    private final List<FaultSpec> faults;
    private final long holdMs;
    private final LstmDetector detector = new LstmDetector(ModelRegistry.builtInModel());
    private final AnomalyStep step;
    private final Map<String, NodeAnomalyState> states = new HashMap<>();
    private final Map<String, Set<String>> drained = new HashMap<>();
    private long alerts;
    private long drains;
    private long falseDrains;

    AnomalyLoop(Scenario scenario, long holdMs) {
        this.faults = scenario.faults();
        this.holdMs = holdMs;
        this.step = new AnomalyStep();
    }

    /** Scores a cloud node's window and shows the score to the law; null for an edge device. */
    AnomalyScore score(QoeScore s, FleetView view) {
        if (s.getTier() != Tier.CLOUD) {
            return null;
        }
        NodeAnomalyState st = states.computeIfAbsent(s.getNodeId(), n -> new NodeAnomalyState());
        AnomalyScore a = step.score(detector, ModelRegistry.BUILT_IN_VERSION, st, s);
        if (a.getAlert()) {
            alerts++;
        }
        view.observe(a);
        return a;
    }

    /** Counts the nodes a routing decision newly drains on anomaly alerts. */
    void decided(String region, Decision d, long now) {
        Set<String> now1 = drainedIn(d.reason());
        Set<String> before = drained.getOrDefault(region, Set.of());
        for (String node : now1) {
            if (!before.contains(node)) {
                drains++;
                if (!faulty(node, now)) {
                    falseDrains++;
                }
            }
        }
        drained.put(region, now1);
    }

    private static Set<String> drainedIn(String reason) {
        int i = reason.indexOf(MARK);
        if (i < 0) {
            return Set.of();
        }
        int end = reason.indexOf(']', i);
        Set<String> out = new HashSet<>();
        for (String n : reason.substring(i + MARK.length(), end).split(",")) {
            if (!n.isBlank()) {
                out.add(n.trim());
            }
        }
        return out;
    }

    /** Whether a slow-node or error-burst fault was on {@code node} during the last hold. */
    private boolean faulty(String node, long now) {
        for (FaultSpec f : faults) {
            boolean nodeFault =
                    f.kind() == FaultKind.SLOW_NODE || f.kind() == FaultKind.ERROR_BURST;
            if (nodeFault
                    && node.equals(FleetModel.cloudNodeId(f.region(), f.node()))
                    && f.startMs() <= now
                    && f.endMs() + holdMs > now) {
                return true;
            }
        }
        return false;
    }

    long alerts() {
        return alerts;
    }

    long drains() {
        return drains;
    }

    long falseDrains() {
        return falseDrains;
    }
}
