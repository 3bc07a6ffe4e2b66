package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

class ScoreValidatorTest {
    static final long NOW = 1_700_000_000_000L;
    final ScoreValidator validator = new ScoreValidator(ScoreLimits.DEFAULTS);

    static QoeScore cloud() {
        return ControlLawTest.score("c1", Tier.CLOUD, NOW, 0.2, 1);
    }

    ScoreRejection reason(QoeScore s) {
        return validator.check(s, NOW).orElse(null);
    }

    @Test
    void acceptsTheScoresTheLawTestsUse() {
        assertThat(validator.check(cloud(), NOW)).isEmpty();
        assertThat(validator.check(ControlLawTest.score("e1", Tier.EDGE, NOW, 0.1, 1), NOW))
                .isEmpty();
    }

    @Test
    void refusesNonFiniteLatencies() {
        QoeScore nan = cloud();
        nan.setLatencyP95Ms(Double.NaN);
        QoeScore inf = cloud();
        inf.setLatencyP95Ms(Double.POSITIVE_INFINITY);
        QoeScore infOffloaded = ControlLawTest.score("e1", Tier.EDGE, NOW, 0.1, 1);
        infOffloaded.setOffloadedLatencyMeanMs(Double.POSITIVE_INFINITY);
        assertThat(reason(nan)).isEqualTo(ScoreRejection.NOT_FINITE);
        assertThat(reason(inf)).isEqualTo(ScoreRejection.NOT_FINITE);
        assertThat(reason(infOffloaded)).isEqualTo(ScoreRejection.NOT_FINITE);
    }

    @Test
    void refusesImplausibleNumbers() {
        QoeScore success7 = cloud();
        success7.setSuccessRate(7);
        QoeScore negativeLoad = cloud();
        negativeLoad.setLoadWeight(-0.5);
        QoeScore negativeRequests = cloud();
        negativeRequests.setRequestCount(-1);
        QoeScore hugeLatency = cloud();
        hugeLatency.setLatencyP50Ms(1e300);
        QoeScore forgedVersion = cloud();
        forgedVersion.setAppliedControlVersion(Long.MAX_VALUE);
        QoeScore queue = cloud();
        queue.setQueueDepth((double) Integer.MAX_VALUE);
        QoeScore kvCache = cloud();
        kvCache.setKvCacheUtilization(1.5);
        QoeScore running = cloud();
        running.setRunningRequests(-3.0);
        for (QoeScore s :
                new QoeScore[] {
                    success7,
                    negativeLoad,
                    negativeRequests,
                    hugeLatency,
                    forgedVersion,
                    queue,
                    kvCache,
                    running
                }) {
            assertThat(reason(s)).as(s.toString()).isEqualTo(ScoreRejection.OUT_OF_RANGE);
        }
    }

    @Test
    void acceptsModelServerFieldsInRange() {
        QoeScore s = cloud();
        s.setKvCacheUtilization(0.5);
        s.setRunningRequests(13.0);
        assertThat(reason(s)).isNull();
    }

    @Test
    void refusesIdentifiersOutsideTheSyntax() {
        QoeScore slash = ControlLawTest.score("e1", Tier.EDGE, NOW, 0.1, 1);
        slash.setDeviceClass("phone/high");
        QoeScore empty = cloud();
        empty.setRegion("");
        QoeScore longId = cloud();
        longId.setNodeId("n".repeat(129));
        QoeScore control = cloud();
        control.setModelVariant("m\n");
        for (QoeScore s : new QoeScore[] {slash, empty, longId, control}) {
            assertThat(reason(s)).isEqualTo(ScoreRejection.IDENTIFIER);
        }
        QoeScore ok = cloud();
        ok.setNodeId("cloud-eu-west-0:gpu_1.a");
        assertThat(reason(ok)).isNull();
    }

    @Test
    void refusesScoresFromTheFutureBeyondTheSkew() {
        QoeScore in2100 = cloud();
        in2100.setWindowStart(Instant.parse("2100-01-01T00:00:00Z"));
        in2100.setWindowEnd(Instant.parse("2100-01-01T00:00:05Z"));
        QoeScore slightlyAhead = ControlLawTest.score("c1", Tier.CLOUD, NOW + 20_000, 0.2, 1);
        QoeScore tooFarAhead = ControlLawTest.score("c1", Tier.CLOUD, NOW + 31_000, 0.2, 1);
        assertThat(reason(in2100)).isEqualTo(ScoreRejection.FUTURE);
        assertThat(reason(slightlyAhead)).isNull();
        assertThat(reason(tooFarAhead)).isEqualTo(ScoreRejection.FUTURE);
    }

    @Test
    void refusesInvertedWindows() {
        QoeScore inverted = cloud();
        inverted.setWindowStart(Instant.ofEpochMilli(NOW + 1));
        assertThat(reason(inverted)).isEqualTo(ScoreRejection.WINDOW);
    }

    @Test
    void refusesRegionsOutsideTheAllowList() {
        ScoreValidator eu = new ScoreValidator(ScoreLimits.DEFAULTS.withRegions(Set.of("eu")));
        QoeScore fake = cloud();
        fake.setRegion("mars");
        assertThat(eu.check(cloud(), NOW)).isEmpty();
        assertThat(eu.check(fake, NOW)).contains(ScoreRejection.UNKNOWN_REGION);
    }

    @Test
    void refusesForgedAnomalyVerdicts() {
        AnomalyScore a =
                AnomalyScore.newBuilder()
                        .setNodeId("c1")
                        .setTier(Tier.CLOUD)
                        .setRegion("eu")
                        .setDeviceClass("gpu")
                        .setWindowStart(Instant.ofEpochMilli(NOW - 5000))
                        .setWindowEnd(Instant.ofEpochMilli(NOW))
                        .setRawScore(1)
                        .setLikelihood(0.99)
                        .setThreshold(0.5)
                        .setAlert(true)
                        .setModelVersion("v1")
                        .build();
        assertThat(validator.check(a, NOW)).isEmpty();
        AnomalyScore future = AnomalyScore.newBuilder(a).build();
        future.setWindowEnd(Instant.parse("2100-01-01T00:00:00Z"));
        assertThat(validator.check(future, NOW)).contains(ScoreRejection.WINDOW);
        AnomalyScore nan = AnomalyScore.newBuilder(a).setLikelihood(Double.NaN).build();
        assertThat(validator.check(nan, NOW)).contains(ScoreRejection.NOT_FINITE);
        AnomalyScore slash = AnomalyScore.newBuilder(a).setNodeId("c/1").build();
        assertThat(validator.check(slash, NOW)).contains(ScoreRejection.IDENTIFIER);
    }
}
