package org.qoeflow.anomaly.baseline;

import java.util.Arrays;
import org.qoeflow.anomaly.Detector;
import org.qoeflow.anomaly.Ranking;
import org.qoeflow.anomaly.score.RunningNormalizer;
import smile.anomaly.IsolationForest;

/**
 * Baseline: Smile's IsolationForest over a sliding embedding of the last few standardized feature
 * vectors, fitted after a warm-up and refitted periodically on recent history.
 */
public final class IsolationForestDetector implements Detector {
    private static final int LAGS = 6;
    private static final int HISTORY = 1000;
    private static final int FIRST_FIT = 300;
    private static final int REFIT_EVERY = 1000;
    private static final int TREES = 100;

    private final int d;
    private final RunningNormalizer normalizer;
    private final double[] u;
    private final double[] embedding;
    private final double[][] history = new double[HISTORY][];
    private final double[] contribution;
    private IsolationForest forest;
    private long count;
    private double raw;
    private double score;

    public IsolationForestDetector(int dimension, long seed) {
        this.d = dimension;
        this.normalizer = new RunningNormalizer(dimension, 2000);
        this.u = new double[dimension];
        this.embedding = new double[dimension * LAGS];
        this.contribution = new double[dimension];
        smile.math.MathEx.setSeed(seed);
    }

    @Override
    public double score(long timestampMillis, double[] x) {
        normalizer.normalize(x, u);
        normalizer.update(x);
        System.arraycopy(embedding, d, embedding, 0, embedding.length - d);
        for (int j = 0; j < d; j++) {
            double v = Math.max(-10, Math.min(10, u[j]));
            embedding[embedding.length - d + j] = v;
            contribution[j] = Math.abs(v);
        }
        count++;
        history[(int) ((count - 1) % HISTORY)] = embedding.clone();
        if (count == FIRST_FIT || (count > FIRST_FIT && count % REFIT_EVERY == 0)) {
            int n = (int) Math.min(count, HISTORY);
            forest = IsolationForest.fit(Arrays.copyOf(history, n), TREES, 8, 0.7, 0);
        }
        raw = forest == null ? 0.0 : forest.score(embedding);
        score = Math.max(0.0, Math.min(1.0, raw));
        return score;
    }

    @Override
    public double rawScore() {
        return raw;
    }

    @Override
    public double threshold() {
        return 0.6;
    }

    @Override
    public boolean alert() {
        return score >= threshold();
    }

    @Override
    public int[] topFeatures(int k) {
        return Ranking.topIndexes(contribution, k);
    }

    @Override
    public String name() {
        return "isolation-forest";
    }
}
