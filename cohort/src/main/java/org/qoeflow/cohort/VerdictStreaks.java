package org.qoeflow.cohort;

/**
 * The stable verdict rule: a cohort FAILs only after {@code k} consecutive failing windows (its
 * earlier failing windows report MARGINAL); any window that does not fail resets the count. The
 * caller keeps the count per cohort (in Flink: keyed state) and passes it in.
 */
public final class VerdictStreaks {
    private VerdictStreaks() {}

    /** The count and verdict after one more window. */
    public record Step(int failingWindows, Verdict verdict) {}

    public static Step next(int failingWindowsBefore, Verdict window, int k) {
        if (window != Verdict.FAIL) {
            return new Step(0, window);
        }
        int n = Math.min(failingWindowsBefore + 1, k);
        return new Step(n, n >= k ? Verdict.FAIL : Verdict.MARGINAL);
    }
}
