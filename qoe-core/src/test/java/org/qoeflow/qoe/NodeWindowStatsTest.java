package org.qoeflow.qoe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.qoeflow.qoe.TestTelemetry.request;
import static org.qoeflow.qoe.TestTelemetry.sample;

import org.junit.jupiter.api.Test;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

class NodeWindowStatsTest {
    private final QoeMath math = new QoeMath(QoeOptions.DEFAULTS);

    @Test
    void scoresAWindowOfRequestsAndSamples() {
        NodeWindowStats s = new NodeWindowStats();
        // latencies 1..100 ms, 10 failures, 20 offloaded
        for (int i = 1; i <= 100; i++) {
            s.add(request("n1", 1000 + i, i, i > 10, i > 80, 3));
        }
        s.add(sample("n1", 1500, 40));
        s.add(sample("n1", 1400, 99)); // older sample must not become "last"

        QoeScore q = s.toScore(0, 5000, 0, math);

        assertThat(q.getRequestCount()).isEqualTo(100);
        assertThat(q.getLatencyP50Ms()).isCloseTo(50, within(2.0));
        assertThat(q.getLatencyP95Ms()).isCloseTo(95, within(2.0));
        assertThat(q.getLatencyP99Ms()).isCloseTo(99, within(2.0));
        assertThat(q.getSuccessRate()).isCloseTo(0.9, within(1e-12));
        assertThat(q.getOffloadShare()).isCloseTo(0.2, within(1e-12));
        assertThat(q.getOffloadedLatencyMeanMs()).isCloseTo(90.5, within(1e-9));
        assertThat(q.getLocalLatencyMeanMs()).isCloseTo(40.5, within(1e-9));
        assertThat(q.getTemperatureC()).isEqualTo(40.0);
        assertThat(q.getMeanFps()).isEqualTo(45.0);
        assertThat(q.getJankRate()).isCloseTo(2 / 90.0, within(1e-12));
        assertThat(q.getAppliedControlVersion()).isEqualTo(3);
        assertThat(q.getLoadWeight())
                .isCloseTo(math.loadWeight(q.getLatencyP95Ms(), 0.9), within(1e-12));
    }

    @Test
    void windowWithOnlySamplesHasNoLatencyAndZeroLatencyLoad() {
        NodeWindowStats s = new NodeWindowStats();
        s.add(sample("n1", 10, 30));
        QoeScore q = s.toScore(0, 5000, 0, math);
        assertThat(q.getLatencyP95Ms()).isNull();
        assertThat(q.getLoadWeight()).isZero();
        assertThat(q.getSuccessRate()).isEqualTo(1.0);
    }

    @Test
    void serializationAndMergePreserveEverything() {
        NodeWindowStats a = new NodeWindowStats();
        NodeWindowStats b = new NodeWindowStats();
        NodeWindowStats all = new NodeWindowStats();
        for (int i = 0; i < 500; i++) {
            var t = request("n1", i, (i * 37) % 400, i % 7 != 0);
            (i % 2 == 0 ? a : b).add(t);
            all.add(t);
        }
        a.add(sample("n1", 3, 50));
        all.add(sample("n1", 3, 50));

        assertThat(NodeWindowStats.fromBytes(a.toBytes()).toScore(0, 1, 0, math))
                .isEqualTo(a.toScore(0, 1, 0, math));

        QoeScore merged = NodeWindowStats.fromBytes(a.toBytes()).merge(b).toScore(0, 1, 0, math);
        QoeScore expected = all.toScore(0, 1, 0, math);
        assertThat(merged.getRequestCount()).isEqualTo(expected.getRequestCount());
        assertThat(merged.getSuccessRate()).isEqualTo(expected.getSuccessRate());
        assertThat(merged.getTemperatureC()).isEqualTo(50.0);
        // KLL merges are randomized: quantiles agree within the sketch's rank error
        assertThat(merged.getLatencyP95Ms()).isCloseTo(expected.getLatencyP95Ms(), within(8.0));
        assertThat(merged.getLatencyP50Ms()).isCloseTo(expected.getLatencyP50Ms(), within(8.0));
        assertThat(all.toBytes().length).isLessThan(8 * 1024);
    }

    @Test
    void sameRequestIdReplayedAThousandTimesCountsOnce() {
        NodeWindowStats s = new NodeWindowStats();
        for (int i = 0; i < 1000; i++) {
            s.add(request("n1", 1000, 80, "req-42"));
        }
        assertThat(s.requests()).isEqualTo(1);
        assertThat(s.duplicates()).isEqualTo(999);
        assertThat(s.toScore(0, 5000, 0, math).getRequestCount()).isEqualTo(1);
        NodeWindowStats restored = NodeWindowStats.fromBytes(s.toBytes());
        restored.add(request("n1", 1000, 80, "req-42"));
        assertThat(restored.requests()).isEqualTo(1);
        assertThat(restored.duplicates()).isEqualTo(1000);
    }

    @Test
    void differentIdsAndRequestsWithoutIdCountSeparately() {
        NodeWindowStats s = new NodeWindowStats();
        for (int i = 0; i < 100; i++) {
            s.add(request("n1", 1000 + i, 80, "req-" + i));
            s.add(request("n1", 1000 + i, 80, true)); // no id: never deduplicated
        }
        assertThat(s.requests()).isEqualTo(200);
        assertThat(s.duplicates()).isZero();
    }

    @Test
    void dedupStateIsBoundedPerNodeWindow() {
        NodeWindowStats s = new NodeWindowStats();
        NodeWindowStats noIds = new NodeWindowStats();
        for (int i = 0; i < 10_000; i++) {
            s.add(request("n1", 1000 + i, 80 + i % 50, "req-" + i));
            noIds.add(request("n1", 1000 + i, 80 + i % 50, true));
        }
        assertThat(s.requests()).isEqualTo(10_000);
        assertThat(s.rememberedRequestIds()).isEqualTo(RequestDedup.CAPACITY);
        // the ids cost 8 bytes each on top of 20 bytes every window pays (size, overflow, dups)
        int cost = s.toBytes().length - noIds.toBytes().length;
        assertThat(cost).isEqualTo(8 * RequestDedup.CAPACITY);
        System.out.printf(
                "node-window state, 10,000 requests: %d bytes with ids, %d without%n",
                s.toBytes().length, noIds.toBytes().length);
        // a replay of a remembered id is still caught once the set is full
        s.add(request("n1", 1000, 80, "req-0"));
        assertThat(s.requests()).isEqualTo(10_000);
    }

    @Test
    void stateWrittenBeforeDedupStillRestores() {
        NodeWindowStats s = new NodeWindowStats();
        s.add(request("n1", 1000, 80, true));
        byte[] now = s.toBytes();
        byte[] old = java.util.Arrays.copyOf(now, now.length - (4 + 8 + 8) - SERVER_BYTES);
        assertThat(NodeWindowStats.fromBytes(old).toScore(0, 1, 0, math))
                .isEqualTo(s.toScore(0, 1, 0, math));
    }

    /** Eight longs and doubles of model-server statistics at the end of the state. */
    private static final int SERVER_BYTES = 8 * 8;

    @Test
    void stateWrittenBeforeModelServerStatisticsStillRestores() {
        NodeWindowStats s = new NodeWindowStats();
        s.add(request("n1", 1000, 80, true));
        s.add(sample("n1", 1500, 40));
        byte[] now = s.toBytes();
        byte[] old = java.util.Arrays.copyOf(now, now.length - SERVER_BYTES);
        assertThat(NodeWindowStats.fromBytes(old).toScore(0, 1, 0, math))
                .isEqualTo(s.toScore(0, 1, 0, math));
    }

    private static NodeWindowStats modelServer() {
        NodeWindowStats s = new NodeWindowStats();
        s.identify("vllm-0", Tier.CLOUD, "eu-west", "gpu-a100", "llama-8b");
        // 100 requests: 50 in (0, 100] ms, 40 in (100, 200], 10 in (200, 400]
        s.addE2eHistogram(new double[] {100, 200, 400}, new long[] {50, 40, 10, 0}, false);
        s.addTtftHistogram(new double[] {10, 50}, new long[] {90, 10, 0});
        s.addQueueDepth(4);
        s.addQueueDepth(6);
        s.addRunningRequests(12);
        s.addKvCacheUtilization(0.5);
        s.addKvCacheUtilization(0.7);
        return s;
    }

    @Test
    void scoresAModelServersHistogramsAndGauges() {
        QoeScore q = modelServer().toScore(0, 5000, 0, math);

        assertThat(q.getNodeId()).isEqualTo("vllm-0");
        assertThat(q.getTier()).isEqualTo(Tier.CLOUD);
        assertThat(q.getRequestCount()).isEqualTo(100);
        assertThat(q.getSuccessRate()).isEqualTo(1.0);
        // histogram_quantile interpolation: p50 at the top of the first bucket, p95 halfway into
        // the last one (95th of 100 is the 5th of its 10)
        assertThat(q.getLatencyP50Ms()).isCloseTo(100, within(10.0));
        assertThat(q.getLatencyP95Ms()).isCloseTo(300, within(25.0));
        assertThat(q.getTtftP95Ms()).isCloseTo(30, within(10.0));
        assertThat(q.getQueueDepth()).isEqualTo(5.0);
        assertThat(q.getRunningRequests()).isEqualTo(12.0);
        assertThat(q.getKvCacheUtilization()).isCloseTo(0.6, within(1e-12));
        assertThat(q.getSampleCount()).isZero();
        assertThat(q.getMeanFps()).isNull();
        assertThat(q.getBandwidthKbps()).isNull();
        assertThat(q.getQoeIndex())
                .isCloseTo(
                        math.qoeIndex(
                                math.responseTerm(q.getLatencyP95Ms(), 1.0),
                                math.queueInteractionTerm(5.0),
                                Double.NaN),
                        within(1e-12));
    }

    @Test
    void outcomeCountersDecideTheSuccessRateAndSurviveSerializationAndMerge() {
        NodeWindowStats a = modelServer();
        a.addOutcomes(90, 5);
        NodeWindowStats b = new NodeWindowStats();
        b.addOutcomes(5, 0);
        b.addKvCacheUtilization(0.9);

        NodeWindowStats merged = NodeWindowStats.fromBytes(a.toBytes()).merge(b);
        QoeScore q = NodeWindowStats.fromBytes(merged.toBytes()).toScore(0, 5000, 0, math);

        assertThat(q.getSuccessRate()).isCloseTo(0.95, within(1e-12));
        assertThat(q.getKvCacheUtilization()).isCloseTo(0.7, within(1e-12));
        assertThat(q.getLoadWeight())
                .isCloseTo(math.loadWeight(q.getLatencyP95Ms(), 0.95), within(1e-12));
    }

    @Test
    void failedHistogramRequestsLowerTheSuccessRate() {
        NodeWindowStats s = modelServer();
        s.addE2eHistogram(new double[] {100, 200, 400}, new long[] {0, 0, 0, 25}, true);
        QoeScore q = s.toScore(0, 5000, 0, math);
        assertThat(q.getRequestCount()).isEqualTo(125);
        assertThat(q.getSuccessRate()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void telemetryNodesHaveNoModelServerFields() {
        NodeWindowStats s = new NodeWindowStats();
        s.add(request("n1", 1000, 80, true));
        QoeScore q = s.toScore(0, 1, 0, math);
        assertThat(q.getKvCacheUtilization()).isNull();
        assertThat(q.getRunningRequests()).isNull();
    }
}
