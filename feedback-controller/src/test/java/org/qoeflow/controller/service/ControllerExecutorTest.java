package org.qoeflow.controller.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.qoeflow.controller.law.ControlLaw;
import org.qoeflow.controller.law.ControlLawTest;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.VersionLedger;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.CohortVerdictLevel;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

class ControllerExecutorTest {
    /** Scores handed out one batch per poll. */
    static final class TestingScoreSource implements ScoreSource {
        final List<QoeScore> next = new ArrayList<>();
        final List<CohortVerdict> verdicts = new ArrayList<>();

        @Override
        public Batch poll(Duration timeout) {
            Batch b = new Batch(List.copyOf(next), List.of(), List.copyOf(verdicts));
            next.clear();
            verdicts.clear();
            return b;
        }
    }

    /** Keeps what was published. */
    static final class TestingControlSink implements ControlSink {
        final List<ControlUpdate> published = new ArrayList<>();

        @Override
        public void publish(ControlUpdate u) {
            published.add(u);
        }
    }

    /** The exported offload demand of a region, NaN if not exported. */
    static double demand(PrometheusRegistry registry, String region, String demand) {
        for (var snapshot : registry.scrape()) {
            if (snapshot.getMetadata()
                            .getName()
                            .equals("qoeflow_controller_offload_demand_requests_per_second")
                    && snapshot instanceof GaugeSnapshot g) {
                for (var dp : g.getDataPoints()) {
                    if (region.equals(dp.getLabels().get("region"))
                            && demand.equals(dp.getLabels().get("demand"))) {
                        return dp.getValue();
                    }
                }
            }
        }
        return Double.NaN;
    }

    static double gauge(PrometheusRegistry registry, String name, String scope) {
        for (var snapshot : registry.scrape()) {
            if (snapshot.getMetadata().getName().equals(name)
                    && snapshot instanceof GaugeSnapshot g) {
                for (var dp : g.getDataPoints()) {
                    if (scope == null || scope.equals(dp.getLabels().get("scope"))) {
                        return dp.getValue();
                    }
                }
            }
        }
        return Double.NaN;
    }

    @Test
    void exportsTheLagBetweenPublishedAndAppliedVersions() throws Exception {
        long now = 1_000_000;
        AtomicLong millis = new AtomicLong(now);
        Clock clock =
                new Clock() {
                    @Override
                    public long millis() {
                        return millis.get();
                    }

                    @Override
                    public Instant instant() {
                        return Instant.ofEpochMilli(millis.get());
                    }

                    @Override
                    public ZoneId getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(ZoneId zone) {
                        throw new UnsupportedOperationException();
                    }
                };
        PrometheusRegistry registry = new PrometheusRegistry();
        TestingScoreSource source = new TestingScoreSource();
        TestingControlSink sink = new TestingControlSink();
        ControllerExecutor executor =
                new ControllerExecutor(
                        new ControlLaw(LawOptions.DEFAULTS),
                        source,
                        sink,
                        new VersionLedger(),
                        new ControllerMetrics(registry),
                        clock);

        source.next.add(ControlLawTest.score("c1", Tier.CLOUD, now, 0.2, 1));
        source.next.add(ControlLawTest.score("c2", Tier.CLOUD, now, 0.5, 1));
        source.next.add(ControlLawTest.score("e1", Tier.EDGE, now, 0.1, 1));
        executor.runOnce(Duration.ZERO);
        assertThat(gauge(registry, "qoeflow_controller_admission_cap", null))
                .isGreaterThan(0.0)
                .isLessThanOrEqualTo(1.0);
        for (String demand : new String[] {"offered", "admitted", "deferred"}) {
            assertThat(demand(registry, "eu", demand)).as(demand).isNotNaN().isNotNegative();
        }
        ControlUpdate routing =
                sink.published.stream()
                        .filter(u -> u.getScope().equals("routing/eu"))
                        .findFirst()
                        .orElseThrow();
        assertThat(routing.getVersion()).isEqualTo(1);
        // the nodes have not applied anything yet
        assertThat(gauge(registry, "qoeflow_controller_version_lag", "routing/eu")).isEqualTo(1.0);

        QoeScore applied = ControlLawTest.score("c1", Tier.CLOUD, now, 0.2, 1);
        applied.setAppliedControlVersion(1);
        QoeScore applied2 = ControlLawTest.score("c2", Tier.CLOUD, now, 0.5, 1);
        applied2.setAppliedControlVersion(1);
        source.next.add(applied);
        source.next.add(applied2);
        assertThat(executor.runOnce(Duration.ZERO)).isEqualTo(2);
        // the lag walks the whole view, so it is refreshed with each decision round only
        assertThat(gauge(registry, "qoeflow_controller_version_lag", "routing/eu")).isEqualTo(1.0);
        // no new window arrives: the next round is the heartbeat, an interval plus the grace on
        millis.addAndGet(
                LawOptions.DEFAULTS.loop().decisionInterval().toMillis()
                        + DecisionTrigger.Options.DEFAULTS.grace().toMillis());
        assertThat(executor.runOnce(Duration.ZERO)).isZero();
        assertThat(gauge(registry, "qoeflow_controller_version_lag", "routing/eu")).isZero();
        assertThat(gauge(registry, "qoeflow_controller_stale_scopes", null)).isZero();
    }

    @Test
    void failingCohortVerdictFromTheTopicRollsTheVariantBack() throws Exception {
        long now = 1_000_000;
        Clock clock = Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC);
        TestingScoreSource source = new TestingScoreSource();
        TestingControlSink sink = new TestingControlSink();
        ControllerExecutor executor =
                new ControllerExecutor(
                        new ControlLaw(LawOptions.DEFAULTS),
                        source,
                        sink,
                        new VersionLedger(),
                        new ControllerMetrics(new PrometheusRegistry()),
                        clock);
        source.next.add(ControlLawTest.score("c1", Tier.CLOUD, now, 0.2, 1));
        source.next.add(ControlLawTest.score("e1", Tier.EDGE, now, 0.1, 1));
        source.verdicts.add(
                CohortVerdict.newBuilder()
                        .setRegion("eu")
                        .setDeviceClass("phone-high")
                        .setModelVariant("m")
                        .setWindowStart(Instant.ofEpochMilli(now - 5000))
                        .setWindowEnd(Instant.ofEpochMilli(now))
                        .setVerdict(CohortVerdictLevel.FAIL)
                        .setWindowVerdict(CohortVerdictLevel.FAIL)
                        .setFailingWindows(3)
                        .setFailingWindowsNeeded(3)
                        .setCohortNodes(20)
                        .setBaselineNodes(20)
                        .setFailedMetrics(List.of("latency"))
                        .setMetrics(List.of())
                        .setReason("worse:latency")
                        .build());
        executor.runOnce(Duration.ZERO);
        ControlUpdate offload =
                sink.published.stream()
                        .filter(u -> u.getScope().equals("offload/eu/phone-high/m"))
                        .findFirst()
                        .orElseThrow();
        assertThat(offload.getReason()).startsWith("roll back m: cohort failing (latency");
        assertThat(offload.getOffloadThresholdMs())
                .isEqualTo(LawOptions.DEFAULTS.offload().thresholdMinMs());
    }

    /** Leads only while {@code term} is set. */
    static final class TestingLeadership implements Leadership {
        Term term;

        @Override
        public Term current() {
            return term;
        }

        @Override
        public void fenced(Term t) {
            term = null;
        }

        @Override
        public void close() {}
    }

    @Test
    void exportsLeadershipAndTheTimeOfTheLastPublish() throws Exception {
        long now = 1_000_000;
        Clock clock = Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC);
        PrometheusRegistry registry = new PrometheusRegistry();
        TestingScoreSource source = new TestingScoreSource();
        TestingControlSink sink = new TestingControlSink();
        TestingLeadership leadership = new TestingLeadership();
        ControllerExecutor executor =
                new ControllerExecutor(
                        new ControlLaw(LawOptions.DEFAULTS),
                        source,
                        leadership,
                        new VersionLedger(),
                        new ControllerMetrics(registry),
                        clock);

        source.next.add(ControlLawTest.score("c1", Tier.CLOUD, now, 0.2, 1));
        executor.runOnce(Duration.ZERO);
        assertThat(gauge(registry, "qoeflow_controller_leader", null)).isZero();
        assertThat(gauge(registry, "qoeflow_controller_last_publish_timestamp_seconds", null))
                .isZero();
        assertThat(sink.published).isEmpty();

        leadership.term = new Leadership.Term(1, sink, java.util.Map.of());
        source.next.add(ControlLawTest.score("c1", Tier.CLOUD, now, 0.2, 1));
        executor.runOnce(Duration.ZERO);
        assertThat(gauge(registry, "qoeflow_controller_leader", null)).isEqualTo(1.0);
        assertThat(sink.published).isNotEmpty();
        assertThat(gauge(registry, "qoeflow_controller_last_publish_timestamp_seconds", null))
                .isEqualTo(now / 1000.0);

        leadership.term = null;
        executor.runOnce(Duration.ZERO);
        assertThat(gauge(registry, "qoeflow_controller_leader", null)).isZero();
    }
}
