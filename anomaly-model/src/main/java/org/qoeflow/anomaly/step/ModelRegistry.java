package org.qoeflow.anomaly.step;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.FeatureSpec;
import org.qoeflow.anomaly.StatefulDetector;
import org.qoeflow.anomaly.lstm.LstmDetector;
import org.qoeflow.anomaly.lstm.ModelArtifact;
import org.qoeflow.qoe.QoeFeatures;
import org.qoeflow.schema.ModelUpdate;

/**
 * One detector instance per model version, shared by all keys of a subtask (per-key state is
 * restored into it for each step). Parsing a model's bytes happens once per version.
 */
public final class ModelRegistry {
    public static final String BUILT_IN_VERSION = "online-default";
    public static final FeatureSpec FEATURES = new FeatureSpec(QoeFeatures.NAMES);

    private final Map<String, StatefulDetector> byVersion = new HashMap<>();
    private final Map<String, ModelArtifact> artifacts = new HashMap<>();

    /**
     * The model used before any is broadcast: the shipped options ({@link
     * AnomalyOptions#defaults()}, the configuration NAB and the fleet evaluation score) with
     * untrained shared weights; the normalizer and the record threshold adapt per node.
     */
    public static ModelArtifact builtInModel() {
        return builtInModel(AnomalyOptions.defaults());
    }

    /** The built-in model with other options, for evaluations of a variant. */
    public static ModelArtifact builtInModel(AnomalyOptions options) {
        return ModelArtifact.untrained(options, FEATURES);
    }

    public StatefulDetector builtIn() {
        return byVersion.computeIfAbsent(
                BUILT_IN_VERSION,
                v -> new LstmDetector(artifacts.computeIfAbsent(v, k -> builtInModel())));
    }

    /**
     * A new detector of its own (reset state) for a version {@link #builtIn} or {@link #of}
     * returned before, for a node whose detector lives in its state.
     */
    public StatefulDetector newDetector(String version) {
        ModelArtifact artifact = artifacts.get(version);
        if (artifact == null) {
            throw new IllegalStateException("model " + version + " was never loaded");
        }
        return new LstmDetector(artifact);
    }

    /** The detector of a broadcast model; throws naming the problem if it is unusable. */
    public StatefulDetector of(ModelUpdate update) {
        StatefulDetector cached = byVersion.get(update.getModelVersion());
        if (cached != null) {
            return cached;
        }
        ModelArtifact artifact = parse(update.getArtifact());
        if (!artifact.features().equals(FEATURES)) {
            throw new IllegalArgumentException(
                    "model "
                            + update.getModelVersion()
                            + " was built for features "
                            + artifact.features().names()
                            + ", the job scores "
                            + FEATURES.names());
        }
        StatefulDetector d = new LstmDetector(artifact);
        artifacts.put(update.getModelVersion(), artifact);
        byVersion.put(update.getModelVersion(), d);
        return d;
    }

    static ModelArtifact parse(ByteBuffer bytes) {
        ByteBuffer b = bytes.duplicate();
        byte[] raw = new byte[b.remaining()];
        b.get(raw);
        return ModelArtifact.fromJson(raw);
    }
}
