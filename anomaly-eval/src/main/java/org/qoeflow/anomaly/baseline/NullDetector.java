package org.qoeflow.anomaly.baseline;

import org.qoeflow.anomaly.Detector;

/** Detector that never reports an anomaly; NAB's reference for a score of 0. */
public final class NullDetector implements Detector {
    @Override
    public double score(long timestampMillis, double[] features) {
        return 0.0;
    }

    @Override
    public double rawScore() {
        return 0.0;
    }

    @Override
    public double threshold() {
        return Double.POSITIVE_INFINITY;
    }

    @Override
    public boolean alert() {
        return false;
    }

    @Override
    public int[] topFeatures(int k) {
        return new int[0];
    }

    @Override
    public String name() {
        return "null";
    }
}
