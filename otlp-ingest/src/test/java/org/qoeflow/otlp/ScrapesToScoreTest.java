package org.qoeflow.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.qoeflow.otlp.TestingOtlp.POD;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qoeflow.qoe.NodeWindowStats;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/** The fixture's vLLM scrapes through mapping, delta conversion and folding, without a stream. */
class ScrapesToScoreTest {
    static final long S = 1_000_000_000L;
    static final long T0 = 1_764_021_600L * S;

    private final OtlpMetricsMapper mapper = new OtlpMetricsMapper(OtlpMapping.DEFAULTS);
    private final Map<String, SeriesState> series = new HashMap<>();

    private void feed(NodeWindowStats window, int scrape, long start, long time) {
        for (MetricPoint p :
                mapper.map(TestingOtlp.vllmScrape(scrape, POD, start, time)).points()) {
            CumulativeDelta.Step step = CumulativeDelta.next(series.get(p.series), p);
            series.put(p.series, step.state());
            if (step.emit() != null) {
                PointFolder.fold(window, step.emit());
            }
        }
    }

    /** The fixture's e2e buckets between scrape 1 and 2 (bounds in ms). */
    static final double[] E2E_BOUNDS_MS = {
        300, 500, 800, 1000, 1500, 2000, 2500, 5000, 10000, 15000, 20000, 30000, 40000, 50000,
        60000, 120000, 240000, 480000, 960000, 1920000, 7680000
    };

    static final long[] E2E_DELTA = {
        0, 2, 6, 8, 12, 7, 3, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    };

    @Test
    void twoScrapesScoreTheRequestsBetweenThem() {
        QoeMath math = new QoeMath(QoeOptions.DEFAULTS);
        NodeWindowStats w = new NodeWindowStats();
        feed(w, 1, T0, T0);
        feed(w, 2, T0, T0 + 5 * S);

        QoeScore q = w.toScore(0, 10_000, 0, math);

        assertThat(q.getNodeId()).isEqualTo(POD);
        assertThat(q.getTier()).isEqualTo(Tier.CLOUD);
        assertThat(q.getRequestCount()).isEqualTo(40);
        // finished: stop +36, length +2, abort +2
        assertThat(q.getSuccessRate()).isCloseTo(38 / 40.0, within(1e-12));
        assertThat(q.getQueueDepth()).isEqualTo(4.0);
        assertThat(q.getRunningRequests()).isEqualTo(13.0);
        assertThat(q.getKvCacheUtilization()).isCloseTo(0.5, within(1e-12));
        // Prometheus' histogram_quantile puts p95 (38th of 40) at the top of (2 s, 2.5 s]
        assertThat(q.getLatencyP95Ms()).isBetween(2000.0, 2500.0);

        NodeWindowStats direct = new NodeWindowStats();
        direct.addE2eHistogram(E2E_BOUNDS_MS, E2E_DELTA, false);
        assertThat(q.getLatencyP95Ms()).isEqualTo(direct.latencyQuantile(0.95));
        assertThat(q.getLoadWeight())
                .isCloseTo(math.loadWeight(q.getLatencyP95Ms(), 0.95), within(1e-12));
    }

    @Test
    void aRestartedServerCountsFromZero() {
        NodeWindowStats first = new NodeWindowStats();
        feed(first, 1, T0, T0);
        feed(first, 2, T0, T0 + 5 * S);
        NodeWindowStats next = new NodeWindowStats();
        feed(next, 3, T0 + 11 * S - 1_000_000, T0 + 11 * S);

        QoeScore q = next.toScore(10_000, 20_000, 0, new QoeMath(QoeOptions.DEFAULTS));

        assertThat(q.getRequestCount()).isEqualTo(10);
        assertThat(q.getSuccessRate()).isEqualTo(1.0);
        assertThat(q.getQueueDepth()).isEqualTo(0.0);
        assertThat(q.getLatencyP95Ms()).isBetween(1000.0, 1500.0);
    }
}
