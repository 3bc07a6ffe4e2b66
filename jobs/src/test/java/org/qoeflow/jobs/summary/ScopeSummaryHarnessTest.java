package org.qoeflow.jobs.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.qoeflow.controller.law.ScopeSummarizer;
import org.qoeflow.controller.law.ScopeSummaryRecords;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.ScopeSummary;
import org.qoeflow.schema.Tier;

class ScopeSummaryHarnessTest {
    /**
     * The heap backend's incremental TTL cleanup copies a key's whole map on every check, once per
     * state access: for a scope's device map that made every contribution a copy of the scope.
     */
    @Test
    void theDeviceMapIsLeftToTheTimersNotToTheHeapBackendsIncrementalCleanup() {
        var ttl = ScopeSummaryFunction.descriptor(Duration.ofMinutes(1)).getTtlConfig();
        assertThat(ttl.isEnabled()).isTrue();
        assertThat(ttl.getCleanupStrategies().getIncrementalCleanupStrategy()).isNull();
        assertThat(ttl.getCleanupStrategies().inRocksdbCompactFilter()).isTrue();
    }

    private static final Duration STALE = Duration.ofSeconds(30);

    static QoeScore score(String node, String variant, long windowEnd, double local, long applied) {
        return QoeScore.newBuilder()
                .setNodeId(node)
                .setTier(Tier.EDGE)
                .setRegion("eu")
                .setDeviceClass("phone")
                .setModelVariant(variant)
                .setWindowStart(Instant.ofEpochMilli(windowEnd - 5000))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setRequestCount(20)
                .setSampleCount(20)
                .setLocalLatencyMeanMs(local)
                .setOffloadedLatencyMeanMs(250.0)
                .setOffloadShare(0.25)
                .setBandwidthKbps(8000.0)
                .setSuccessRate(0.99)
                .setLoadWeight(0.1)
                .setQoeIndex(0.8)
                .setAppliedControlVersion(applied)
                .build();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, QoeScore, ScopeContribution>
            membership() throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new ScopeMembershipFunction(STALE)),
                        QoeScore::getNodeId,
                        Types.STRING);
        h.open();
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ScopeContribution, ScopeSummary>
            summaries() throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new ScopeSummaryFunction(STALE)),
                        (ScopeContribution c) -> c.scope,
                        Types.STRING);
        h.open();
        return h;
    }

    /**
     * Scores through both operators, window by window as the window operator emits them (a window's
     * scores, then the watermark that closed it); the summaries emitted, in order.
     */
    private static List<ScopeSummary> run(List<QoeScore> scores) throws Exception {
        try (var m = membership();
                var s = summaries()) {
            java.util.TreeMap<Long, List<QoeScore>> byWindow = new java.util.TreeMap<>();
            for (QoeScore q : scores) {
                byWindow.computeIfAbsent(q.getWindowEnd().toEpochMilli(), k -> new ArrayList<>())
                        .add(q);
            }
            int seen = 0;
            for (var w : byWindow.entrySet()) {
                for (QoeScore q : w.getValue()) {
                    m.processElement(new StreamRecord<>(q, w.getKey() - 1));
                }
                List<ScopeContribution> out = m.extractOutputValues();
                for (ScopeContribution c : out.subList(seen, out.size())) {
                    s.processElement(new StreamRecord<>(c, w.getKey() - 1));
                }
                seen = out.size();
                s.processWatermark(w.getKey() - 1);
            }
            return s.extractOutputValues();
        }
    }

    @Test
    void emitsWhatThePlainSummarizerMakesOfTheSameScores() throws Exception {
        List<QoeScore> scores =
                List.of(
                        score("a", "m1", 10_000, 120, 3),
                        score("b", "m1", 10_000, 300, 2),
                        score("c", "m2", 10_000, 90, 1),
                        score("a", "m1", 15_000, 130, 4));
        List<ScopeSummary> out = run(scores);

        ScopeSummarizer plain = new ScopeSummarizer();
        scores.subList(0, 3).forEach(plain::observe);
        List<ScopeSummary> at10 =
                out.stream().filter(x -> x.getWindowEnd().toEpochMilli() == 10_000).toList();
        assertThat(at10)
                .containsExactlyInAnyOrderElementsOf(
                        plain.summaries(10_000).stream().map(ScopeSummaryRecords::toAvro).toList());
        plain.observe(scores.get(3));
        List<ScopeSummary> at15 =
                out.stream().filter(x -> x.getWindowEnd().toEpochMilli() == 15_000).toList();
        assertThat(at15)
                .containsExactlyInAnyOrderElementsOf(
                        plain.summaries(15_000).stream()
                                .filter(x -> x.scope().modelVariant().equals("m1"))
                                .map(ScopeSummaryRecords::toAvro)
                                .toList());
    }

    @Test
    void aDeviceThatChangesVariantLeavesItsOldScope() throws Exception {
        List<ScopeSummary> out =
                run(
                        List.of(
                                score("a", "m1", 10_000, 120, 0),
                                score("b", "m1", 10_000, 200, 0),
                                score("a", "m2", 15_000, 120, 0)));
        ScopeSummary m1Last =
                out.stream()
                        .filter(s -> s.getScope().endsWith("/m1"))
                        .reduce((x, y) -> y)
                        .orElseThrow();
        assertThat(m1Last.getParts()).hasSize(1);
        assertThat(m1Last.getParts().get(0).getDevices()).isEqualTo(1); // b alone
        assertThat(out).anyMatch(s -> s.getScope().endsWith("/m2"));
    }

    @Test
    void devicesGoneQuietLeaveTheStateStaleAfterTheirLastWindow() throws Exception {
        try (var s = summaries()) {
            for (String node : List.of("a", "b")) {
                QoeScore q = score(node, "m1", 10_000, 100, 0);
                s.processElement(
                        new StreamRecord<>(
                                new ScopeContribution("offload/eu/phone/m1", node, q, 0, 10_000),
                                9_999));
            }
            s.processWatermark(9_999);
            assertThat(s.numKeyedStateEntries()).isEqualTo(1);
            assertThat(s.extractOutputValues().get(0).getParts().get(0).getDevices()).isEqualTo(2);
            s.processWatermark(40_000); // 30 s after their last window: both leave
            assertThat(s.numKeyedStateEntries()).isZero();
        }
    }
}
