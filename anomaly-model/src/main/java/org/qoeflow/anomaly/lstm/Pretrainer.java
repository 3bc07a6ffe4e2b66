package org.qoeflow.anomaly.lstm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.FeatureSpec;
import org.qoeflow.anomaly.score.RunningNormalizer;

/**
 * Pretrains shared LSTM weights on recorded series by running the same online TBPTT learner over
 * each series in turn, for a number of epochs.
 */
public final class Pretrainer {
    private static final double INPUT_CLIP = 10.0;

    private Pretrainer() {}

    /**
     * @param series recorded series, each {@code rows x features}
     * @return a model whose weights carry what was learned, with the given options
     */
    public static ModelArtifact pretrain(
            List<double[][]> series, FeatureSpec features, AnomalyOptions options, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        LstmNet net = LstmDetector.network(options, features);
        double[] weights = net.initialWeights(options.seed());
        int d = features.dimension();
        double[] u = new double[d];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (double[][] rows : series) {
                OnlineLstm lstm =
                        new OnlineLstm(
                                net,
                                weights,
                                true,
                                options.bpttSteps(),
                                options.learningRate(),
                                options.gradientClip());
                RunningNormalizer norm = new RunningNormalizer(d, options.normalizerWindow());
                for (double[] x : rows) {
                    if (x.length != d) {
                        throw new IllegalArgumentException(
                                "expected " + d + " features, got " + x.length);
                    }
                    norm.normalize(x, u);
                    for (int j = 0; j < d; j++) {
                        u[j] = Math.max(-INPUT_CLIP, Math.min(INPUT_CLIP, u[j]));
                    }
                    lstm.observe(u);
                    norm.update(x);
                }
                weights = lstm.weights().clone();
            }
        }
        return new ModelArtifact(ModelArtifact.FORMAT_VERSION, options, features, weights);
    }

    /**
     * Pretrains from CSV files with a header {@code timestamp,<feature>,...}; every file must have
     * the same feature columns.
     */
    public static ModelArtifact pretrainCsv(List<Path> csvs, AnomalyOptions options, int epochs) {
        List<double[][]> series = new ArrayList<>();
        FeatureSpec spec = null;
        for (Path csv : csvs) {
            try {
                List<String> lines = Files.readAllLines(csv);
                String[] header = lines.get(0).split(",");
                FeatureSpec fileSpec =
                        new FeatureSpec(Arrays.asList(header).subList(1, header.length));
                if (spec != null && !spec.equals(fileSpec)) {
                    throw new IllegalArgumentException(
                            csv
                                    + " has features "
                                    + fileSpec.names()
                                    + ", expected "
                                    + spec.names());
                }
                spec = fileSpec;
                List<double[]> rows = new ArrayList<>();
                for (String line : lines.subList(1, lines.size())) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] cols = line.split(",");
                    double[] x = new double[cols.length - 1];
                    for (int j = 1; j < cols.length; j++) {
                        x[j - 1] = Double.parseDouble(cols[j].trim());
                    }
                    rows.add(x);
                }
                series.add(rows.toArray(new double[0][]));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + csv, e);
            }
        }
        if (spec == null) {
            throw new IllegalArgumentException("no input series");
        }
        return pretrain(series, spec, options, epochs);
    }
}
