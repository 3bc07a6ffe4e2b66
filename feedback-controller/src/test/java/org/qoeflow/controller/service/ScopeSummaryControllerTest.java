package org.qoeflow.controller.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qoeflow.controller.law.ControlLaw;
import org.qoeflow.controller.law.ControlLawTest;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.ScopeSummarizer;
import org.qoeflow.controller.law.ScopeSummaryRecords;
import org.qoeflow.controller.law.VersionLedger;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.ScopeSummary;
import org.qoeflow.schema.Tier;

class ScopeSummaryControllerTest {
    /** Hands out one batch of scores and summaries. */
    static final class Source implements ScoreSource {
        final List<QoeScore> scores = new ArrayList<>();
        final List<ScopeSummary> summaries = new ArrayList<>();

        @Override
        public Batch poll(Duration timeout) {
            Batch b =
                    new Batch(List.copyOf(scores), List.of(), List.of(), 0, List.copyOf(summaries));
            scores.clear();
            summaries.clear();
            return b;
        }
    }

    private static List<QoeScore> fleet(long windowEnd) {
        List<QoeScore> out = new ArrayList<>();
        out.add(ControlLawTest.score("c1", Tier.CLOUD, windowEnd, 0.2, 1));
        out.add(ControlLawTest.score("c2", Tier.CLOUD, windowEnd, 0.5, 0.99));
        for (int i = 0; i < 40; i++) {
            QoeScore s =
                    ControlLawTest.score("e" + i, Tier.EDGE, windowEnd, 0.1, 0.97 + i / 2000.0);
            s.setDeviceClass(i % 2 == 0 ? "phone-high" : "phone-low");
            s.setOffloadShare(0.25);
            s.setLocalLatencyMeanMs(100.0 + 10 * i);
            s.setBandwidthKbps(5000.0 + 100 * i);
            s.setAppliedControlVersion(i % 3);
            out.add(s);
        }
        return out;
    }

    private static ControllerExecutor executor(ScoreSource source, ControlSink sink, long now) {
        return new ControllerExecutor(
                new ControlLaw(LawOptions.DEFAULTS.withRegionScopes(true)),
                source,
                sink,
                new VersionLedger(),
                new ControllerMetrics(new PrometheusRegistry()),
                Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
    }

    @Test
    void decidesOnSummariesAndCloudScoresAsOnEveryDevicesScore() throws Exception {
        long now = 1_000_000;
        List<QoeScore> scores = fleet(now);

        Source perDevice = new Source();
        perDevice.scores.addAll(scores);
        ControllerExecutorTest.TestingControlSink expected =
                new ControllerExecutorTest.TestingControlSink();
        executor(perDevice, expected, now).runOnce(Duration.ZERO);

        Source summarised = new Source();
        ScopeSummarizer summarizer = new ScopeSummarizer();
        for (QoeScore s : scores) {
            summarizer.observe(s);
            if (s.getTier() == Tier.CLOUD) {
                summarised.scores.add(s);
            }
        }
        summarizer
                .summaries(now)
                .forEach(s -> summarised.summaries.add(ScopeSummaryRecords.toAvro(s)));
        // A hostile summary is refused and counted; it does not stop the others.
        summarised.summaries.add(
                ScopeSummary.newBuilder(summarised.summaries.get(0)).setScope("offload/x").build());
        ControllerExecutorTest.TestingControlSink actual =
                new ControllerExecutorTest.TestingControlSink();
        PrometheusRegistry registry = new PrometheusRegistry();
        ControllerExecutor onSummaries =
                new ControllerExecutor(
                                new ControlLaw(LawOptions.DEFAULTS.withRegionScopes(true)),
                                summarised,
                                actual,
                                new VersionLedger(),
                                new ControllerMetrics(registry),
                                Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC))
                        .withScopeSummaries();
        onSummaries.runOnce(Duration.ZERO);

        assertThat(expected.published).hasSize(3); // two offload scopes, one routing scope
        assertThat(actual.published).hasSameSizeAs(expected.published);
        for (int i = 0; i < expected.published.size(); i++) {
            ControlUpdate e = expected.published.get(i);
            ControlUpdate a = actual.published.get(i);
            assertThat(a.getScope()).isEqualTo(e.getScope());
            assertThat(a.getKind()).isEqualTo(e.getKind());
            if (e.getOffloadThresholdMs() != null) {
                assertThat(a.getOffloadThresholdMs())
                        .isCloseTo(
                                e.getOffloadThresholdMs(),
                                org.assertj.core.api.Assertions.within(1e-9));
            }
            assertThat(a.getRoutingWeights()).isEqualTo(e.getRoutingWeights());
        }
        assertThat(rejected(registry)).isEqualTo(1);
    }

    private static double rejected(PrometheusRegistry registry) {
        double n = 0;
        for (var snapshot : registry.scrape()) {
            if (snapshot.getMetadata().getName().startsWith("qoeflow_controller_scores_rejected")
                    && snapshot
                            instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot c) {
                for (var dp : c.getDataPoints()) {
                    n += dp.getValue();
                }
            }
        }
        return n;
    }
}
