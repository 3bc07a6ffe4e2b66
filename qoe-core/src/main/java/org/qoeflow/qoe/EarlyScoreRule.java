package org.qoeflow.qoe;

import org.apache.commons.math3.distribution.HypergeometricDistribution;

/**
 * Decides whether a node's window so far already shows a degradation, so the window gets a partial
 * score before it closes: the window holds at least {@link QoeOptions#earlyScoreMinRequests}
 * finished requests, and its failures are significantly more frequent than in the node's own
 * previous window (Fisher's exact test, one-sided, at {@link QoeOptions#earlyScoreAlpha}). The test
 * compares the node with itself, so a node that always fails a little, or one that failed
 * throughout the previous window too, gets no partial score; without a previous window there is
 * nothing to compare and no partial score.
 */
public final class EarlyScoreRule {
    /** Partial scores per window at most: the first one is what shortens the loop. */
    public static final int MAX_PARTIALS = 1;

    private final double alpha;
    private final long minRequests;

    public EarlyScoreRule(QoeOptions options) {
        this.alpha = options.earlyScoreAlpha();
        this.minRequests = (long) options.earlyScoreMinRequests();
    }

    /** Whether partial scores are on (a positive significance level). */
    public boolean enabled() {
        return alpha > 0;
    }

    /**
     * Whether what a window took in, going from {@code failuresBefore} of {@code outcomesBefore}
     * finished requests to {@code failures} of {@code outcomes}, can have made it significantly
     * worse: only new failures can (successes only weaken the evidence), or the requests that bring
     * a window with failures to the minimum count. Keeps the test off most inputs.
     */
    public boolean mayHaveDegraded(
            long failuresBefore, long outcomesBefore, long failures, long outcomes) {
        return enabled()
                && failures > 0
                && (failures > failuresBefore
                        || (outcomesBefore < minRequests && outcomes >= minRequests));
    }

    /**
     * Whether the window so far ({@code current}) fails significantly more than {@code previous},
     * the node's window before it (null if it has none).
     */
    public boolean degraded(NodeWindowStats current, NodeWindowStats previous) {
        if (previous == null) {
            return false;
        }
        return degraded(
                current.outcomes(), current.failures(), previous.outcomes(), previous.failures());
    }

    /**
     * Whether {@code failed} of {@code n} requests fail significantly more often than {@code
     * failedBefore} of {@code nBefore} did: the one-sided p-value of Fisher's exact test, the
     * chance that {@code n} of all {@code n + nBefore} requests drawn at random hold {@code failed}
     * or more of all the failures, is below the significance level.
     */
    public boolean degraded(long n, long failed, long nBefore, long failedBefore) {
        if (!enabled() || n < minRequests || nBefore <= 0 || failed <= 0) {
            return false;
        }
        if (failed * nBefore <= failedBefore * n) {
            return false; // not even failing more often than before
        }
        long total = n + nBefore;
        if (total > Integer.MAX_VALUE) {
            return false; // no window holds that many requests; counts that large are corrupt
        }
        return pValue((int) total, (int) (failed + failedBefore), (int) n, (int) failed) < alpha;
    }

    /** P(X >= k), X hypergeometric: {@code draws} of {@code population} holding {@code marked}. */
    static double pValue(int population, int marked, int draws, int k) {
        // no random generator: the distribution is only evaluated, never sampled
        return new HypergeometricDistribution(null, population, marked, draws)
                .upperCumulativeProbability(k);
    }
}
