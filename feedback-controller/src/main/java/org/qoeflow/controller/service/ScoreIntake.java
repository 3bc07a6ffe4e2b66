package org.qoeflow.controller.service;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.qoeflow.controller.law.CohortVerdicts;
import org.qoeflow.controller.law.FleetView;
import org.qoeflow.controller.law.ScopeBudget;
import org.qoeflow.controller.law.ScopeSummaries;
import org.qoeflow.controller.law.ScopeSummary;
import org.qoeflow.controller.law.ScopeSummaryRecords;
import org.qoeflow.controller.law.ScoreLimits;
import org.qoeflow.controller.law.ScoreRejection;
import org.qoeflow.controller.law.ScoreValidator;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.QoeScore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's boundary for scores: each one is validated and its scopes bounded before it
 * reaches the fleet view (and the {@link DecisionTrigger}); refusals are counted by reason and
 * logged at most every 10 s per reason.
 */
final class ScoreIntake {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreIntake.class);
    private static final long LOG_EVERY_MILLIS = 10_000;

    private final ScoreValidator validator;
    private final ScopeBudget budget;
    private final ControllerMetrics metrics;
    private final DecisionTrigger trigger;
    private final Map<ScoreRejection, Long> lastLogged = new EnumMap<>(ScoreRejection.class);
    private final Map<ScoreRejection, Long> unlogged = new EnumMap<>(ScoreRejection.class);

    ScoreIntake(
            ScoreLimits limits,
            Duration retention,
            ControllerMetrics metrics,
            DecisionTrigger trigger) {
        this.validator = new ScoreValidator(limits);
        this.budget = new ScopeBudget(limits, retention);
        this.metrics = metrics;
        this.trigger = trigger;
    }

    /** Adds the admitted scores of {@code batch} to {@code view}; returns how many were. */
    int admit(ScoreSource.Batch batch, FleetView view, long now) {
        int admitted = 0;
        for (QoeScore s : batch.scores()) {
            Optional<ScoreRejection> r = validator.check(s, now);
            if (r.isEmpty()) {
                r = budget.admit(s, now);
            }
            if (r.isEmpty()) {
                r = observe(() -> view.observe(s));
            }
            if (r.isPresent()) {
                reject(r.get(), s.getNodeId(), now);
            } else {
                trigger.score(s, now);
                admitted++;
            }
        }
        for (AnomalyScore a : batch.anomalies()) {
            Optional<ScoreRejection> r = validator.check(a, now);
            if (r.isEmpty()) {
                r = observe(() -> view.observe(a));
            }
            if (r.isPresent()) {
                reject(r.get(), a.getNodeId(), now);
            } else {
                trigger.anomaly(a);
            }
        }
        return admitted;
    }

    /** Scopes a controller holds summaries of; a summary of a further scope is refused. */
    static final int MAX_SCOPES = 4096;

    /**
     * Adds the batch's valid scope summaries to {@code summaries}: a summary the job could not have
     * written, or one of a window beyond {@code futureSkew}, is refused and counted like a score.
     */
    void admitSummaries(
            ScoreSource.Batch batch, ScopeSummaries summaries, Duration futureSkew, long now) {
        for (org.qoeflow.schema.ScopeSummary r : batch.summaries()) {
            ScopeSummary s;
            try {
                s = ScopeSummaryRecords.fromAvro(r);
            } catch (IllegalArgumentException e) {
                reject(ScoreRejection.OUT_OF_RANGE, "summary " + r.getScope(), now);
                continue;
            }
            if (s.at() > now + futureSkew.toMillis()) {
                reject(ScoreRejection.FUTURE, "summary " + r.getScope(), now);
            } else if (summaries.size() >= MAX_SCOPES && !summaries.holds(s.scope())) {
                reject(ScoreRejection.TOO_MANY_MODEL_VARIANTS, "summary " + r.getScope(), now);
            } else {
                summaries.observe(s);
                trigger.summary(s.scope().scope(), s.at(), now);
            }
        }
    }

    /** Hands the batch's cohort verdicts to {@code cohorts}; refusals are counted like scores'. */
    void admitVerdicts(
            ScoreSource.Batch batch, CohortVerdicts cohorts, Duration futureSkew, long now) {
        for (CohortVerdict v : batch.cohorts()) {
            Optional<ScoreRejection> r;
            try {
                r = cohorts.record(v, now, futureSkew);
            } catch (RuntimeException e) {
                LOG.warn("cohort verdicts refused a verdict", e);
                r = Optional.of(ScoreRejection.ERROR);
            }
            r.ifPresent(reason -> reject(reason, "cohort " + v.getModelVariant(), now));
        }
    }

    private static Optional<ScoreRejection> observe(Runnable r) {
        try {
            r.run();
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("fleet view refused a validated score", e);
            return Optional.of(ScoreRejection.ERROR);
        }
    }

    private void reject(ScoreRejection reason, String nodeId, long now) {
        metrics.scoreRejected(reason);
        long last = lastLogged.getOrDefault(reason, Long.MIN_VALUE);
        if (last != Long.MIN_VALUE && now - last < LOG_EVERY_MILLIS) {
            unlogged.merge(reason, 1L, Long::sum);
            return;
        }
        long more = unlogged.getOrDefault(reason, 0L);
        unlogged.remove(reason);
        lastLogged.put(reason, now);
        LOG.warn(
                "ignoring score for node '{}': {} ({} more since the last such warning)",
                printable(nodeId),
                reason.label(),
                more);
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String head = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return head.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
