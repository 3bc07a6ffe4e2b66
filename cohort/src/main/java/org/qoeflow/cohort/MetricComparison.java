package org.qoeflow.cohort;

/**
 * One metric of one cohort against its baseline in one window: sizes, the two-sample KS statistic,
 * its raw and Holm-adjusted p-values, and how much worse the cohort's median is (see {@link
 * CohortMetric#worsening}). A metric with too few nodes on either side is untested (NaN p-values).
 */
public record MetricComparison(
        CohortMetric metric,
        int cohortNodes,
        int baselineNodes,
        double ksStatistic,
        double pValue,
        double adjustedPValue,
        double worsening) {

    public boolean tested() {
        return !Double.isNaN(pValue);
    }

    MetricComparison adjusted(double p) {
        return new MetricComparison(
                metric, cohortNodes, baselineNodes, ksStatistic, pValue, p, worsening);
    }

    /** Significant after correction and worse by at least the metric's minimum. */
    public boolean fails(CohortOptions o) {
        return tested() && adjustedPValue <= o.alpha() && worsening >= o.minWorsening(metric);
    }

    /** Worse by at least the minimum but not significant: more windows may tell. */
    public boolean uncertain(CohortOptions o) {
        return tested() && adjustedPValue > o.alpha() && worsening >= o.minWorsening(metric);
    }
}
