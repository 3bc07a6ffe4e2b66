package org.qoeflow.controller.law;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.CohortVerdictKind;
import org.qoeflow.schema.CohortVerdictLevel;
import org.qoeflow.schema.ControlKind;
import org.qoeflow.schema.Identifiers;
import org.qoeflow.schema.OffloadScope;

/**
 * The model variant cohorts whose verdict failed recently, by offload scope. While a cohort is
 * failing (until {@code hold} after its newest failing window), {@link ControlLaw} replaces its
 * scope's offload decision: the threshold drops to the minimum, so the variant's devices offload
 * their requests, and the reason says "roll back &lt;variant&gt;". A PASS does not end the hold
 * early: with its requests offloaded, a bad variant looks healthy.
 *
 * <p>Group-shift verdicts ({@link CohortVerdictKind#GROUP_SHIFT}: a whole region x class worse than
 * itself a minute before, a thermal wave or a bandwidth collapse) name no variant, so there is
 * nothing to roll back: they are admitted and counted ({@link #groupShiftFailures()}) but change no
 * decision; the anomaly scores and the QoE of the group's nodes already drive the law there.
 */
public final class CohortVerdicts {
    /** How long a rollback outlives the newest failing window. */
    public static final Duration DEFAULT_HOLD = Duration.ofMinutes(2);

    /** Failing cohorts tracked at once; verdicts for more are refused. */
    public static final int MAX_FAILING = 4096;

    private record Failing(long windowEnd, List<String> metrics, double score) {}

    private final long holdMillis;
    private final Map<String, Failing> failing = new HashMap<>();
    private long groupShiftFailures;

    public CohortVerdicts(Duration hold) {
        if (hold.isNegative() || hold.isZero()) {
            throw new IllegalArgumentException(
                    "cohort rollback hold must be positive, got " + hold);
        }
        this.holdMillis = hold.toMillis();
    }

    /**
     * Takes one verdict read from the topic; only FAIL changes anything. Empty if admitted, else
     * why it was refused.
     */
    public Optional<ScoreRejection> record(CohortVerdict v, long nowMillis, Duration futureSkew) {
        if (v.getVerdict() == null || v.getWindowEnd() == null || v.getFailedMetrics() == null) {
            return Optional.of(ScoreRejection.MISSING);
        }
        if (!Identifiers.valid(v.getRegion())
                || !Identifiers.valid(v.getDeviceClass())
                || !Identifiers.valid(v.getModelVariant())
                || v.getFailedMetrics().size() > 16
                || !v.getFailedMetrics().stream().allMatch(Identifiers::valid)) {
            return Optional.of(ScoreRejection.IDENTIFIER);
        }
        long end = v.getWindowEnd().toEpochMilli();
        if (end > nowMillis + futureSkew.toMillis()) {
            return Optional.of(ScoreRejection.FUTURE);
        }
        if (v.getVerdict() != CohortVerdictLevel.FAIL) {
            return Optional.empty();
        }
        if (v.getKind() == CohortVerdictKind.GROUP_SHIFT) {
            groupShiftFailures++;
            return Optional.empty();
        }
        failing.values().removeIf(f -> f.windowEnd() + holdMillis <= nowMillis);
        String scope = OffloadScope.scope(v.getRegion(), v.getDeviceClass(), v.getModelVariant());
        if (!failing.containsKey(scope) && failing.size() >= MAX_FAILING) {
            return Optional.of(ScoreRejection.TOO_MANY_MODEL_VARIANTS);
        }
        double score = v.getScore() == null ? Double.NaN : v.getScore();
        failing.merge(
                scope,
                new Failing(end, List.copyOf(v.getFailedMetrics()), score),
                (a, b) -> b.windowEnd() >= a.windowEnd() ? b : a);
        return Optional.empty();
    }

    /** FAIL verdicts of kind GROUP_SHIFT admitted so far; they roll nothing back. */
    public long groupShiftFailures() {
        return groupShiftFailures;
    }

    /** Scopes rolled back at {@code nowMillis}. */
    public List<String> failingScopes(long nowMillis) {
        return failing.entrySet().stream()
                .filter(e -> e.getValue().windowEnd() + holdMillis > nowMillis)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /**
     * {@code d} itself, or, while {@code scope}'s cohort is failing, the rollback decision: the
     * minimum threshold with a reason naming the variant and the metrics that failed.
     */
    Decision apply(OffloadScope scope, Decision d, long nowMillis, double thresholdMinMs) {
        if (scope.classWide()) {
            return d;
        }
        Failing f = failing.get(scope.scope());
        if (f == null || f.windowEnd() + holdMillis <= nowMillis) {
            return d;
        }
        String reason =
                String.format(
                        Locale.ROOT,
                        "roll back %s: cohort failing (%s, score %.0f);%s",
                        scope.modelVariant(),
                        String.join(",", f.metrics()),
                        f.score(),
                        d.reason());
        return new Decision(d.scope(), ControlKind.OFFLOAD_THRESHOLD, thresholdMinMs, null, reason);
    }
}
