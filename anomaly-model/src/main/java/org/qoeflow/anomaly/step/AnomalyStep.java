package org.qoeflow.anomaly.step;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.qoeflow.anomaly.StatefulDetector;
import org.qoeflow.qoe.QoeFeatures;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.QoeScore;

/**
 * One anomaly-scoring step for one node, with no Flink types: the Flink operator and the in-process
 * evaluations run exactly this code. The alert is the detector's own ({@link
 * org.qoeflow.anomaly.score.AlertRule} with the model's options), the rule the NAB run scores.
 */
public final class AnomalyStep implements java.io.Serializable {

    /**
     * Scores {@code s} with {@code detector} (shared, stateless between calls) and the node's
     * {@code state}, which is updated in place; a model version change resets the node.
     */
    public AnomalyScore score(
            StatefulDetector detector, String version, NodeAnomalyState state, QoeScore s) {
        if (version.equals(state.modelVersion) && state.detector != null) {
            detector.restore(state.detector);
        } else if (version.equals(state.modelVersion) && state.live != null) {
            detector.restore(state.live.snapshot());
        } else {
            detector.reset(); // new node, or a new model whose state layout may differ
        }
        AnomalyScore result = step(detector, version, state, s);
        state.detector = detector.snapshot();
        state.live = null;
        return result;
    }

    /**
     * Scores {@code s} with the node's own live detector ({@link NodeAnomalyState#live}), created
     * by {@code newDetector} (a reset detector of {@code version}'s model) for a new node, a new
     * model, or state read back as bytes: no byte round trip per step.
     */
    public AnomalyScore scoreLive(
            Supplier<StatefulDetector> newDetector,
            String version,
            NodeAnomalyState state,
            QoeScore s) {
        boolean sameModel = version.equals(state.modelVersion);
        if (state.live == null || !sameModel) {
            StatefulDetector d = newDetector.get();
            if (sameModel && state.detector != null) {
                d.restore(state.detector);
            }
            state.live = d;
            state.detector = null;
        }
        return step(state.live, version, state, s);
    }

    private AnomalyScore step(
            StatefulDetector detector, String version, NodeAnomalyState state, QoeScore s) {
        double[] x = QoeFeatures.extract(s, state.lastFeatures);
        // the raw score this step must reach (the error record so far, times the alert margin)
        double threshold = detector.threshold();
        double likelihood = detector.score(s.getWindowEnd().toEpochMilli(), x);
        boolean alert = detector.alert();

        state.modelVersion = version;
        state.lastFeatures = x;
        state.alert = alert;
        state.group = s.getRegion() + "|" + s.getTier();

        List<String> top = new ArrayList<>();
        for (int i : detector.topFeatures(3)) {
            top.add(QoeFeatures.NAMES.get(i));
        }
        return AnomalyScore.newBuilder()
                .setNodeId(s.getNodeId())
                .setTier(s.getTier())
                .setRegion(s.getRegion())
                .setDeviceClass(s.getDeviceClass())
                .setWindowStart(s.getWindowStart())
                .setWindowEnd(s.getWindowEnd())
                .setRawScore(detector.rawScore())
                .setLikelihood(likelihood)
                .setThreshold(threshold)
                .setAlert(alert)
                .setTopFeatures(top)
                .setModelVersion(version)
                .build();
    }
}
