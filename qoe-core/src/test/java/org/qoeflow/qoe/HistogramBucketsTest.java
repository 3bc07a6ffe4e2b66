package org.qoeflow.qoe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class HistogramBucketsTest {
    private static KllDoublesSketch sketch() {
        return KllDoublesSketch.newHeapInstance(NodeWindowStats.SKETCH_K);
    }

    @Test
    void spreadsEachBucketEvenlyLikeHistogramQuantile() {
        KllDoublesSketch s = sketch();
        long n = HistogramBuckets.add(s, new double[] {1, 2, 4}, new long[] {100, 100, 200, 0});

        assertThat(n).isEqualTo(400);
        assertThat(s.getN()).isEqualTo(400);
        // Prometheus: p50 = 2 (end of the second bucket), p75 = 3 (halfway into (2, 4])
        assertThat(s.getQuantile(0.5)).isCloseTo(2, within(0.15));
        assertThat(s.getQuantile(0.75)).isCloseTo(3, within(0.15));
        assertThat(s.getMinItem()).isGreaterThan(0);
        assertThat(s.getMaxItem()).isLessThan(4);
    }

    @Test
    void overflowBucketSitsAtTheHighestFiniteBound() {
        KllDoublesSketch s = sketch();
        HistogramBuckets.add(s, new double[] {1, 2}, new long[] {0, 0, 7});
        assertThat(s.getN()).isEqualTo(7);
        assertThat(s.getQuantile(0.99)).isEqualTo(2.0);
    }

    @Test
    void aSmallCountKeepsEveryObservation() {
        KllDoublesSketch s = sketch();
        HistogramBuckets.add(s, new double[] {10}, new long[] {3, 0});
        assertThat(s.getN()).isEqualTo(3);
        assertThat(s.getQuantile(0.5)).isCloseTo(5, within(1e-9));
    }

    @Test
    void rejectsMismatchedArraysUnsortedBoundsAndNegativeCounts() {
        assertThatThrownBy(() -> HistogramBuckets.add(sketch(), new double[] {1}, new long[] {1}))
                .hasMessageContaining("1 bounds but 1 bucket counts");
        assertThatThrownBy(
                        () ->
                                HistogramBuckets.add(
                                        sketch(), new double[] {2, 1}, new long[] {1, 1, 1}))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(
                        () -> HistogramBuckets.add(sketch(), new double[] {1}, new long[] {-1, 0}))
                .hasMessageContaining("negative");
    }
}
