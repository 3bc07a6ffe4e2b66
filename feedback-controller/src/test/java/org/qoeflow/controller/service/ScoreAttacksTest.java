package org.qoeflow.controller.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.qoeflow.controller.law.ControlLaw;
import org.qoeflow.controller.law.ControlLawTest;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.ScoreRejection;
import org.qoeflow.controller.law.VersionLedger;
import org.qoeflow.controller.service.ControllerExecutorTest.TestingControlSink;
import org.qoeflow.controller.service.ControllerExecutorTest.TestingScoreSource;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/** The score attacks of issue 9 against the executor: each is refused, counted, and harmless. */
class ScoreAttacksTest {
    final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    final TestingScoreSource source = new TestingScoreSource();
    final TestingControlSink sink = new TestingControlSink();
    final ControllerMetrics metrics = new ControllerMetrics(new PrometheusRegistry());
    final ControllerExecutor executor =
            new ControllerExecutor(
                    new ControlLaw(LawOptions.DEFAULTS.withPace(Duration.ofMillis(1), 1.0)),
                    source,
                    sink,
                    new VersionLedger(),
                    metrics,
                    new Clock() {
                        @Override
                        public java.time.ZoneId getZone() {
                            return ZoneOffset.UTC;
                        }

                        @Override
                        public Clock withZone(java.time.ZoneId zone) {
                            return this;
                        }

                        @Override
                        public Instant instant() {
                            return Instant.ofEpochMilli(now.get());
                        }
                    });

    void round(QoeScore... scores) throws Exception {
        source.next.addAll(List.of(scores));
        executor.runOnce(Duration.ZERO);
        now.addAndGet(5000);
    }

    QoeScore real(String node, Tier tier) {
        return ControlLawTest.score(node, tier, now.get(), 0.2, 1);
    }

    ControlUpdate lastRouting() {
        return sink.published.stream()
                .filter(u -> u.getScope().equals("routing/eu"))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void anInfiniteLatencyNodeGetsNoTraffic() throws Exception {
        QoeScore fake = real("fake", Tier.CLOUD);
        fake.setLatencyP95Ms(Double.POSITIVE_INFINITY);
        QoeScore negative = real("fake2", Tier.CLOUD);
        negative.setLoadWeight(-1);
        negative.setSuccessRate(7);
        round(real("c1", Tier.CLOUD), real("c2", Tier.CLOUD), fake, negative);
        assertThat(lastRouting().getRoutingWeights()).containsOnlyKeys("c1", "c2");
        assertThat(metrics.scoresRejected(ScoreRejection.NOT_FINITE)).isEqualTo(1);
        assertThat(metrics.scoresRejected(ScoreRejection.OUT_OF_RANGE)).isEqualTo(1);
    }

    @Test
    void aFakeRegionGetsNoScope() throws Exception {
        QoeScore fake = real("f1", Tier.CLOUD);
        fake.setRegion("evil/../x");
        round(real("c1", Tier.CLOUD), fake);
        assertThat(sink.published).extracting(ControlUpdate::getScope).containsOnly("routing/eu");
        assertThat(metrics.scoresRejected(ScoreRejection.IDENTIFIER)).isEqualTo(1);
    }

    @Test
    void aSlashInADeviceClassDoesNotStopTheLoop() throws Exception {
        QoeScore slash = real("e9", Tier.EDGE);
        slash.setDeviceClass("phone/high");
        slash.setWindowEnd(Instant.parse("2100-01-01T00:00:05Z"));
        slash.setWindowStart(Instant.parse("2100-01-01T00:00:00Z"));
        round(real("c1", Tier.CLOUD), real("e1", Tier.EDGE), slash);
        round(real("c1", Tier.CLOUD), real("e1", Tier.EDGE));
        assertThat(metrics.errors.get()).isZero();
        assertThat(metrics.scoresRejected(ScoreRejection.IDENTIFIER)).isEqualTo(1);
        assertThat(sink.published)
                .extracting(ControlUpdate::getScope)
                .contains("routing/eu", "offload/eu/phone-high/m");
    }

    @Test
    void scoresFromTheFutureAreIgnored() throws Exception {
        QoeScore future = ControlLawTest.score("c9", Tier.CLOUD, now.get() + 3_600_000, 0.2, 1);
        round(real("c1", Tier.CLOUD), future);
        assertThat(lastRouting().getRoutingWeights()).containsOnlyKeys("c1");
        assertThat(metrics.scoresRejected(ScoreRejection.FUTURE)).isEqualTo(1);
    }

    @Test
    void aFloodOfFakeRegionsIsBoundedAndCounted() throws Exception {
        QoeScore[] flood = new QoeScore[100];
        for (int i = 0; i < flood.length; i++) {
            flood[i] = real("f" + i, Tier.CLOUD);
            flood[i].setRegion("fake-" + i);
        }
        round(flood);
        long scopes = sink.published.stream().map(ControlUpdate::getScope).distinct().count();
        assertThat(scopes).isEqualTo(32);
        assertThat(metrics.scoresRejected(ScoreRejection.TOO_MANY_REGIONS)).isEqualTo(68);
    }
}
