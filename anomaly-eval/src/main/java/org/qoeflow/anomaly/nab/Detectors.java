package org.qoeflow.anomaly.nab;

import java.util.List;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.Detector;
import org.qoeflow.anomaly.FeatureSpec;
import org.qoeflow.anomaly.baseline.IsolationForestDetector;
import org.qoeflow.anomaly.baseline.NullDetector;
import org.qoeflow.anomaly.lstm.LstmDetector;
import org.qoeflow.anomaly.lstm.ModelArtifact;

/** Creates detectors by name: {@code lstm} (default), {@code isolation-forest}, {@code null}. */
public final class Detectors {
    public static final String DEFAULT = "lstm";
    public static final List<String> NAMES = List.of("lstm", "isolation-forest", "null");

    private Detectors() {}

    /** A fresh detector for one series with the default options and untrained weights. */
    public static Detector create(String name, FeatureSpec features) {
        return create(name, ModelArtifact.untrained(AnomalyOptions.defaults(), features));
    }

    /** A fresh detector for one series; the LSTM starts from the model's (shared) weights. */
    public static Detector create(String name, ModelArtifact model) {
        return switch (name) {
            case "lstm" -> new LstmDetector(model);
            case "isolation-forest" ->
                    new IsolationForestDetector(
                            model.features().dimension(), model.options().seed());
            case "null" -> new NullDetector();
            default ->
                    throw new IllegalArgumentException(
                            "unknown detector '" + name + "', expected one of " + NAMES);
        };
    }
}
