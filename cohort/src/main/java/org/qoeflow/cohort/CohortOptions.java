package org.qoeflow.cohort;

/**
 * Constants of the cohort verdict.
 *
 * @param alpha family-wise error rate of one region x device class window (Holm over every variant
 *     and metric compared in it)
 * @param minCohortNodes nodes a cohort and its baseline each need for a metric to be tested
 * @param failAfterWindows consecutive failing windows before the verdict is FAIL (k)
 * @param minLatencyWorsening smallest relative p95 latency worsening of the median that fails
 * @param minSuccessWorsening smallest absolute drop of the median success rate that fails
 * @param minTemperatureWorseningC smallest rise of the median temperature (degrees C) that fails
 * @param minOffloadShareWorsening smallest absolute rise of the median offload share that fails
 * @param shiftLagMillis how far back the group check ({@link ShiftMonitor}) compares a region x
 *     device class with itself: one minute, the shortest fleet incident, set before any run
 */
public record CohortOptions(
        double alpha,
        int minCohortNodes,
        int failAfterWindows,
        double minLatencyWorsening,
        double minSuccessWorsening,
        double minTemperatureWorseningC,
        double minOffloadShareWorsening,
        long shiftLagMillis)
        implements java.io.Serializable {

    /** The shipped constants; k = 2 was chosen as described in docs/cohort.md. */
    public static final CohortOptions DEFAULTS =
            new CohortOptions(0.01, 8, 2, 0.10, 0.02, 2.0, 0.10, 60_000);

    public CohortOptions {
        inRange("alpha", alpha, 1e-6, 0.5);
        inRange("minCohortNodes", minCohortNodes, 3, 100_000);
        inRange("failAfterWindows", failAfterWindows, 1, 1000);
        inRange("minLatencyWorsening", minLatencyWorsening, 0, 10);
        inRange("minSuccessWorsening", minSuccessWorsening, 0, 1);
        inRange("minTemperatureWorseningC", minTemperatureWorseningC, 0, 100);
        inRange("minOffloadShareWorsening", minOffloadShareWorsening, 0, 1);
        inRange("shiftLagMillis", shiftLagMillis, 1, 86_400_000);
    }

    /** A copy with another k. */
    public CohortOptions withFailAfterWindows(int k) {
        return new CohortOptions(
                alpha,
                minCohortNodes,
                k,
                minLatencyWorsening,
                minSuccessWorsening,
                minTemperatureWorseningC,
                minOffloadShareWorsening,
                shiftLagMillis);
    }

    /** A copy with another group-check lag. */
    public CohortOptions withShiftLagMillis(long lag) {
        return new CohortOptions(
                alpha,
                minCohortNodes,
                failAfterWindows,
                minLatencyWorsening,
                minSuccessWorsening,
                minTemperatureWorseningC,
                minOffloadShareWorsening,
                lag);
    }

    /** The smallest worsening of {@code m} that fails a cohort. */
    public double minWorsening(CohortMetric m) {
        return switch (m) {
            case LATENCY -> minLatencyWorsening;
            case SUCCESS -> minSuccessWorsening;
            case TEMPERATURE -> minTemperatureWorseningC;
            case OFFLOAD_SHARE -> minOffloadShareWorsening;
        };
    }

    private static void inRange(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(
                    "cohort option " + name + " must be in [" + lo + ", " + hi + "], got " + v);
        }
    }
}
