package org.qoeflow.cli.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.qoeflow.controller.service.ScoreSource;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.ScopeSummary;

/**
 * A score source that hands the controller one window at a time: scores of later windows that
 * arrive early (the other partition is ahead) are held until the bench opens their window, and
 * while the bench times a decision the controller polls nothing.
 */
final class WindowGate implements ScoreSource {
    private final ScoreSource source;
    private List<QoeScore> heldScores = new ArrayList<>();
    private List<AnomalyScore> heldAnomalies = new ArrayList<>();
    private List<ScopeSummary> heldSummaries = new ArrayList<>();
    private long openUntil = Long.MIN_VALUE;
    private boolean holding = true;
    private long scores;
    private long anomalies;
    private long summaries;

    WindowGate(ScoreSource source) {
        this.source = source;
    }

    /** Lets through windows ending at or before {@code windowEnd}. */
    void open(long windowEnd) {
        openUntil = windowEnd;
        holding = false;
    }

    /** Lets nothing through until the next {@link #open}. */
    void hold() {
        holding = true;
    }

    /** Scores let through so far. */
    long scores() {
        return scores;
    }

    /** Scope summaries let through so far. */
    long summaries() {
        return summaries;
    }

    /**
     * Anomaly scores let through so far, quiet ones included as soon as they are read: they carry
     * no window the source decoded, and cannot change the view whichever window they belong to.
     */
    long anomalies() {
        return anomalies;
    }

    @Override
    public Batch poll(Duration timeout) {
        if (holding) {
            return new Batch(List.of(), List.of());
        }
        List<QoeScore> s = new ArrayList<>();
        List<AnomalyScore> a = new ArrayList<>();
        heldScores = split(heldScores, s, QoeScore::getWindowEnd);
        heldAnomalies = split(heldAnomalies, a, AnomalyScore::getWindowEnd);
        List<ScopeSummary> sum = new ArrayList<>();
        heldSummaries = split(heldSummaries, sum, ScopeSummary::getWindowEnd);
        if (s.isEmpty() && a.isEmpty() && sum.isEmpty()) {
            Batch b = source.poll(timeout);
            heldScores.addAll(split(b.scores(), s, QoeScore::getWindowEnd));
            heldAnomalies.addAll(split(b.anomalies(), a, AnomalyScore::getWindowEnd));
            heldSummaries.addAll(split(b.summaries(), sum, ScopeSummary::getWindowEnd));
            anomalies += b.quietAnomalies();
        }
        scores += s.size();
        anomalies += a.size();
        summaries += sum.size();
        return new Batch(s, a, List.of(), 0, sum);
    }

    /** Adds the records of open windows to {@code open}; returns the others. */
    private <T> List<T> split(List<T> records, List<T> open, Function<T, Instant> windowEnd) {
        List<T> later = new ArrayList<>();
        for (T r : records) {
            (windowEnd.apply(r).toEpochMilli() <= openUntil ? open : later).add(r);
        }
        return later;
    }

    @Override
    public void close() {
        source.close();
    }
}
