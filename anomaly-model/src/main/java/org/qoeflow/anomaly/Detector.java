package org.qoeflow.anomaly;

/** Scores one series event by event; not thread-safe, one instance per series. */
public interface Detector {

    /**
     * Consumes one event and returns its anomaly score in [0, 1] (a log-scaled anomaly likelihood
     * for the LSTM detector).
     */
    double score(long timestampMillis, double[] features);

    /** Raw score of the last event (e.g. the forecast error before thresholding). */
    double rawScore();

    /** Current dynamic threshold on the raw score that corresponds to an alert. */
    double threshold();

    /** Whether the last event's score reached the alert level. */
    boolean alert();

    /** Indexes of the features that contributed most to the last raw score, largest first. */
    int[] topFeatures(int k);

    /** Detector name as used by {@link Detectors#create}. */
    String name();
}
