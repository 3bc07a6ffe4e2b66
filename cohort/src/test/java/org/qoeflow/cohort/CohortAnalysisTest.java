package org.qoeflow.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qoeflow.cohort.SyntheticCohorts.concat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CohortAnalysisTest {
    private static final CohortAnalysis ANALYSIS = new CohortAnalysis(CohortOptions.DEFAULTS);

    private static CohortResult variant(List<CohortResult> results, String v) {
        return results.stream().filter(r -> r.variant().equals(v)).findFirst().orElseThrow();
    }

    @Test
    void slowerVariantFailsOnLatencyAndBaselinePasses() {
        var g = new SyntheticCohorts(1);
        var results =
                ANALYSIS.compare(concat(g.nodes("old", 30, 1, 0), g.nodes("new", 25, 1.3, 0)));
        CohortResult bad = variant(results, "new");
        assertThat(bad.windowVerdict()).isEqualTo(Verdict.FAIL);
        assertThat(bad.failedMetrics(CohortOptions.DEFAULTS)).containsExactly("latency");
        assertThat(bad.score()).isEqualTo(75.0);
        assertThat(bad.cohortNodes()).isEqualTo(25);
        assertThat(bad.baselineNodes()).isEqualTo(30);
        // The old variant is better than its rest, so it is not failed.
        assertThat(variant(results, "old").windowVerdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void failingVariantFailsOnSuccess() {
        var g = new SyntheticCohorts(2);
        var results =
                ANALYSIS.compare(concat(g.nodes("old", 30, 1, 0), g.nodes("new", 25, 1, 0.1)));
        assertThat(variant(results, "new").failedMetrics(CohortOptions.DEFAULTS))
                .containsExactly("success");
    }

    @Test
    void identicalVariantsFailAboutAsOftenAsTheCorrectedAlpha() {
        // Effect minimums off: this measures the tests and Holm's correction alone.
        var o = new CohortOptions(0.05, 8, 1, 0, 0, 0, 0, 60_000);
        var analysis = new CohortAnalysis(o);
        int windows = 2000;
        int anyFailed = 0;
        for (int seed = 0; seed < windows; seed++) {
            var g = new SyntheticCohorts(seed);
            var results = analysis.compare(concat(g.nodes("a", 30, 1, 0), g.nodes("b", 20, 1, 0)));
            if (results.stream().anyMatch(r -> r.windowVerdict() == Verdict.FAIL)) {
                anyFailed++;
            }
        }
        double rate = anyFailed / (double) windows;
        // Family-wise error of a window is at most alpha; the asymptotic KS p-value is
        // conservative at these sizes, so the rate sits below alpha but well above zero.
        assertThat(rate).isBetween(0.005, 0.05);
    }

    @Test
    void identicalVariantsWithDefaultsAlmostNeverFail() {
        int windows = 1000;
        int anyFailed = 0;
        for (int seed = 0; seed < windows; seed++) {
            var g = new SyntheticCohorts(10_000 + seed);
            var results = ANALYSIS.compare(concat(g.nodes("a", 30, 1, 0), g.nodes("b", 20, 1, 0)));
            if (results.stream().anyMatch(r -> r.windowVerdict() == Verdict.FAIL)) {
                anyFailed++;
            }
        }
        assertThat(anyFailed / (double) windows)
                .isLessThanOrEqualTo(CohortOptions.DEFAULTS.alpha());
    }

    @Test
    void smallCohortIsMarginalEvenWhenMuchWorse() {
        var g = new SyntheticCohorts(3);
        var results = ANALYSIS.compare(concat(g.nodes("old", 30, 1, 0), g.nodes("new", 5, 2, 0.3)));
        CohortResult small = variant(results, "new");
        assertThat(small.windowVerdict()).isEqualTo(Verdict.MARGINAL);
        assertThat(small.reason()).startsWith("too-small");
        assertThat(small.metrics()).noneMatch(MetricComparison::tested);
    }

    @Test
    void tinyWorseningOnHugeSamplesIsSignificantButDoesNotFail() {
        var g = new SyntheticCohorts(4);
        var results =
                ANALYSIS.compare(concat(g.nodes("old", 5000, 1, 0), g.nodes("new", 5000, 1.03, 0)));
        CohortResult r = variant(results, "new");
        MetricComparison latency = r.metrics().get(CohortMetric.LATENCY.ordinal());
        assertThat(latency.adjustedPValue()).isLessThan(CohortOptions.DEFAULTS.alpha());
        assertThat(latency.worsening()).isBetween(0.01, 0.05);
        assertThat(r.windowVerdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aVariantAloneInItsClassHasNoBaseline() {
        var g = new SyntheticCohorts(5);
        var results = ANALYSIS.compare(g.nodes("only", 40, 1.5, 0));
        assertThat(results)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.windowVerdict()).isEqualTo(Verdict.MARGINAL);
                            assertThat(r.reason()).isEqualTo("no-baseline");
                        });
    }

    @Test
    void laterSampleOfANodeReplacesTheEarlierOne() {
        var g = new SyntheticCohorts(6);
        var old = g.nodes("old", 30, 1, 0);
        var first = g.nodes("new", 10, 1, 0);
        var revised = g.nodes("new", 10, 1, 0);
        var results = ANALYSIS.compare(concat(concat(old, first), revised));
        assertThat(variant(results, "new").cohortNodes()).isEqualTo(10);
    }

    @Test
    void missingMetricLeavesNodesOutOfThatTestOnly() {
        var g = new SyntheticCohorts(7);
        var newNodes =
                g.nodes("new", 20, 1.4, 0).stream()
                        .map(
                                n ->
                                        NodeSample.of(
                                                n.nodeId(),
                                                "new",
                                                n.value(CohortMetric.LATENCY),
                                                n.value(CohortMetric.SUCCESS),
                                                null,
                                                n.value(CohortMetric.OFFLOAD_SHARE)))
                        .toList();
        CohortResult r =
                variant(ANALYSIS.compare(concat(g.nodes("old", 30, 1, 0), newNodes)), "new");
        assertThat(r.metrics().get(CohortMetric.TEMPERATURE.ordinal()).tested()).isFalse();
        assertThat(r.failedMetrics(CohortOptions.DEFAULTS)).containsExactly("latency");
        assertThat(r.score()).isCloseTo(100.0 * 2 / 3, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void invalidOptionsNameTheOption() {
        assertThatThrownBy(() -> new CohortOptions(0.01, 2, 3, 0.1, 0.02, 2, 0.1, 60_000))
                .hasMessageContaining("minCohortNodes");
        assertThatThrownBy(() -> CohortOptions.DEFAULTS.withFailAfterWindows(0))
                .hasMessageContaining("failAfterWindows");
    }
}
