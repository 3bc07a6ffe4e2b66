package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.qoeflow.controller.law.Views.at;
import static org.qoeflow.controller.law.Views.cloud;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailureEstimateTest {
    private final FailureEstimate estimate = new FailureEstimate(5_000, 20);

    private static List<NodeView> region(long windowEnd, long requestsPerNode, double success) {
        return List.of(
                at(cloud("a", 150, 0, success), windowEnd, requestsPerNode),
                at(cloud("b", 150, 0, success), windowEnd, requestsPerNode));
    }

    @Test
    void aHandfulOfFailedRequestsIsNotPricedAsCertain() {
        FailureEstimate.Rate r = estimate.observe(region(5_000, 1, 0.0)); // 2 of 2 failed

        assertThat(r.rate()).isCloseTo(2.0 / 22, within(1e-9));
        assertThat(r.requests()).isEqualTo(2);
    }

    @Test
    void aSteadyFaultOnManyRequestsIsPricedAtItsRate() {
        FailureEstimate.Rate r = null;
        for (long t = 5_000; t <= 60_000; t += 5_000) {
            r = estimate.observe(region(t, 500, 0.6));
        }

        assertThat(r.rate()).isCloseTo(0.4, within(0.01));
    }

    @Test
    void aWindowSeenAgainIsCountedOnce() {
        estimate.observe(region(5_000, 500, 0.6));
        FailureEstimate.Rate r = estimate.observe(region(5_000, 500, 0.6));

        assertThat(r.requests()).isEqualTo(1000);
    }

    @Test
    void afterTheFaultAFewHealthyWindowsBringThePriceDownWithinBoundedTime() {
        for (long t = 5_000; t <= 60_000; t += 5_000) {
            estimate.observe(region(t, 500, 0.6));
        }
        // The fault ends and almost nothing is offloaded any more: 2 requests a window succeed.
        FailureEstimate.Rate r = null;
        int windows = 0;
        for (long t = 65_000; windows < 100; t += 5_000, windows++) {
            r = estimate.observe(region(t, 1, 1.0));
            if (r.rate() < 0.02) {
                break;
            }
        }
        // 800 failures weigh under 1 after log2(800) + a few half-lives of one window each.
        assertThat(windows).isLessThanOrEqualTo(12);
        assertThat(r.rate()).isLessThan(0.02);
    }

    @Test
    void nodesThatStopReportingAreForgotten() {
        estimate.observe(region(5_000, 500, 0.6));
        FailureEstimate.Rate r =
                estimate.observe(List.of(at(cloud("c", 150, 0, 1.0), 200_000, 100)));

        assertThat(r.failures()).isZero();
        assertThat(r.requests()).isEqualTo(100);
    }
}
