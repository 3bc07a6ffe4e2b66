package org.qoeflow.anomaly.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.FeatureSpec;
import org.qoeflow.anomaly.TestingSeries;

class ModelArtifactTest {

    @Test
    void savesAndLoadsWeightsOptionsAndFeatures(@TempDir Path dir) {
        AnomalyOptions o = AnomalyOptions.builder().hiddenSize(4).build();
        ModelArtifact m = ModelArtifact.untrained(o, new FeatureSpec(List.of("p99", "errors")));
        Path file = dir.resolve("model.json");
        m.save(file);
        ModelArtifact back = ModelArtifact.load(file);
        assertThat(back.options()).isEqualTo(o);
        assertThat(back.features()).isEqualTo(m.features());
        assertThat(back.weights()).containsExactly(m.weights());
        assertThat(back.formatVersion()).isEqualTo(ModelArtifact.FORMAT_VERSION);
    }

    @Test
    void anArtifactSavedBeforeCalibrationExistedLoadsAsTheUncalibratedDetector()
            throws IOException {
        ModelArtifact m =
                ModelArtifact.untrained(AnomalyOptions.defaults(), FeatureSpec.scalar("v"));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = mapper.readTree(mapper.writeValueAsBytes(m));
        var options = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("options");
        options.remove(
                List.of(
                        "seasonalSlotWeight",
                        "recordRateHorizon",
                        "recordRatePrior",
                        "recordSharpness"));
        AnomalyOptions o = ModelArtifact.fromJson(mapper.writeValueAsBytes(tree)).options();
        assertThat(o.recordRateHorizon()).isZero();
        assertThat(o.seasonalSlotWeight()).isZero();
    }

    @Test
    void rejectsWeightsOfTheWrongShape() {
        assertThatThrownBy(
                        () ->
                                new ModelArtifact(
                                        ModelArtifact.FORMAT_VERSION,
                                        AnomalyOptions.defaults(),
                                        FeatureSpec.scalar("v"),
                                        new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weights");
    }

    @Test
    void pretrainerLearnsSharedWeightsFromCsv(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        double[] x = TestingSeries.daily(600, -1, 8);
        for (int t = 0; t < x.length; t++) {
            csv.append(t).append(',').append(x[t]).append('\n');
        }
        Path in = dir.resolve("series.csv");
        Files.writeString(in, csv.toString());
        AnomalyOptions o = AnomalyOptions.defaults();
        ModelArtifact m = Pretrainer.pretrainCsv(List.of(in), o, 2);
        assertThat(m.features().names()).containsExactly("value");
        assertThat(m.weights()).isNotEqualTo(ModelArtifact.untrained(o, m.features()).weights());
        // a detector starting from pretrained shared weights scores as usual
        LstmDetector det = new LstmDetector(m);
        List<Double> scores = new ArrayList<>();
        for (int t = 0; t < x.length; t++) {
            scores.add(det.score(TestingSeries.timestamp(t), new double[] {x[t]}));
        }
        assertThat(scores).allMatch(s -> s >= 0 && s <= 1);
    }
}
