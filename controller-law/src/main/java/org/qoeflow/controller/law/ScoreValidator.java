package org.qoeflow.controller.law;

import java.util.Optional;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.Identifiers;
import org.qoeflow.schema.QoeScore;

/**
 * Checks one score read from a topic before it may steer anything: identifiers, windows (none from
 * the future), and a plausible range for every number the law reads. Stateless; the bounds on how
 * many scopes scores may create are {@link ScopeBudget}'s.
 */
public final class ScoreValidator {
    private static final long MAX_WINDOW_MILLIS = 24 * 3600 * 1000L;

    private final ScoreLimits limits;

    public ScoreValidator(ScoreLimits limits) {
        this.limits = limits;
    }

    /** Why {@code s} must be ignored at {@code nowMillis}, or empty if it is plausible. */
    public Optional<ScoreRejection> check(QoeScore s, long nowMillis) {
        return Optional.ofNullable(reason(s, nowMillis));
    }

    /** Why the anomaly verdict {@code a} must be ignored, or empty. */
    public Optional<ScoreRejection> check(AnomalyScore a, long nowMillis) {
        if (a.getTier() == null || a.getWindowStart() == null || a.getWindowEnd() == null) {
            return Optional.of(ScoreRejection.MISSING);
        }
        if (!Identifiers.valid(a.getNodeId()) || !Identifiers.valid(a.getRegion())) {
            return Optional.of(ScoreRejection.IDENTIFIER);
        }
        ScoreRejection w = window(a.getWindowStart().toEpochMilli(), a.getWindowEnd(), nowMillis);
        if (w != null) {
            return Optional.of(w);
        }
        if (!limits.regions().isEmpty() && !limits.regions().contains(a.getRegion())) {
            return Optional.of(ScoreRejection.UNKNOWN_REGION);
        }
        return Optional.ofNullable(unit(a.getLikelihood()));
    }

    private ScoreRejection reason(QoeScore s, long now) {
        if (s.getTier() == null || s.getWindowStart() == null || s.getWindowEnd() == null) {
            return ScoreRejection.MISSING;
        }
        if (!Identifiers.valid(s.getNodeId())
                || !Identifiers.valid(s.getRegion())
                || !Identifiers.valid(s.getDeviceClass())
                || !Identifiers.valid(s.getModelVariant())) {
            return ScoreRejection.IDENTIFIER;
        }
        ScoreRejection w = window(s.getWindowStart().toEpochMilli(), s.getWindowEnd(), now);
        if (w != null) {
            return w;
        }
        if (!limits.regions().isEmpty() && !limits.regions().contains(s.getRegion())) {
            return ScoreRejection.UNKNOWN_REGION;
        }
        if (s.getRevision() < 0
                || s.getRequestCount() < 0
                || s.getRequestCount() > limits.maxRequests()
                || s.getSampleCount() < 0
                || s.getSampleCount() > limits.maxRequests()
                || s.getAppliedControlVersion() < 0
                || s.getAppliedControlVersion() > VersionLedger.MAX_VERSION) {
            return ScoreRejection.OUT_OF_RANGE;
        }
        return first(
                unit(s.getSuccessRate()),
                unit(s.getOffloadShare()),
                unit(s.getLoadWeight()),
                unit(s.getQoeIndex()),
                latencies(s),
                optional(s.getJankRate(), 0, 1),
                optional(s.getMeanFps(), 0, 10_000),
                optional(s.getBandwidthKbps(), 0, 1e9),
                optional(s.getTemperatureC(), -100, 200),
                optional(s.getPowerMw(), 0, 1e8),
                optional(s.getCpuFreqMhz(), 0, 1e5),
                optional(s.getQueueDepth(), 0, 1e7),
                optional(s.getKvCacheUtilization(), 0, 1),
                optional(s.getRunningRequests(), 0, 1e7));
    }

    private ScoreRejection latencies(QoeScore s) {
        double max = limits.maxLatencyMs();
        return first(
                optional(s.getLatencyP50Ms(), 0, max),
                optional(s.getLatencyP95Ms(), 0, max),
                optional(s.getLatencyP99Ms(), 0, max),
                optional(s.getTtftP95Ms(), 0, max),
                optional(s.getLocalLatencyMeanMs(), 0, max),
                optional(s.getOffloadedLatencyMeanMs(), 0, max),
                optional(s.getJitterMs(), 0, max));
    }

    private ScoreRejection window(long start, java.time.Instant endInstant, long now) {
        long end = endInstant.toEpochMilli();
        if (start > end || end - start > MAX_WINDOW_MILLIS) {
            return ScoreRejection.WINDOW;
        }
        if (end > now + limits.futureSkew().toMillis()) {
            return ScoreRejection.FUTURE;
        }
        return null;
    }

    private static ScoreRejection unit(double v) {
        return range(v, 0, 1);
    }

    private static ScoreRejection optional(Double v, double min, double max) {
        return v == null ? null : range(v, min, max);
    }

    private static ScoreRejection range(double v, double min, double max) {
        if (!Double.isFinite(v)) {
            return ScoreRejection.NOT_FINITE;
        }
        return v < min || v > max ? ScoreRejection.OUT_OF_RANGE : null;
    }

    private static ScoreRejection first(ScoreRejection... reasons) {
        for (ScoreRejection r : reasons) {
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
