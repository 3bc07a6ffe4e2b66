package org.qoeflow.anomaly.lstm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.FeatureSpec;

/**
 * Versioned, JSON-serialized LSTM model: format version, options, feature spec and the flat weight
 * vector (layout documented in {@link LstmNet}).
 */
public record ModelArtifact(
        int formatVersion, AnomalyOptions options, FeatureSpec features, double[] weights) {

    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelArtifact {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "unsupported model formatVersion "
                            + formatVersion
                            + ", expected "
                            + FORMAT_VERSION);
        }
        int expected = LstmDetector.network(options, features).size();
        if (weights == null || weights.length != expected) {
            throw new IllegalArgumentException(
                    "model weights must have "
                            + expected
                            + " entries for "
                            + features.dimension()
                            + " features and hiddenSize "
                            + options.hiddenSize());
        }
    }

    /** A model with freshly initialised (untrained) weights. */
    public static ModelArtifact untrained(AnomalyOptions options, FeatureSpec features) {
        LstmNet net = LstmDetector.network(options, features);
        return new ModelArtifact(
                FORMAT_VERSION, options, features, net.initialWeights(options.seed()));
    }

    public void save(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model " + file, e);
        }
    }

    /** Parses the JSON form written by {@link #save}, e.g. a model received from a topic. */
    public static ModelArtifact fromJson(byte[] json) {
        try {
            return JSON.readValue(json, ModelArtifact.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable model artifact: " + e.getMessage(), e);
        }
    }

    public static ModelArtifact load(Path file) {
        try {
            return JSON.readValue(file.toFile(), ModelArtifact.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + file, e);
        }
    }
}
