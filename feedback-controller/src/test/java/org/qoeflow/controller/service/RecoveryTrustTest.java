package org.qoeflow.controller.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.controller.law.ControlLaw;
import org.qoeflow.controller.law.ControlLawTest;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.VersionLedger;
import org.qoeflow.controller.service.ControllerExecutorTest.TestingControlSink;
import org.qoeflow.controller.service.ControllerExecutorTest.TestingScoreSource;
import org.qoeflow.schema.ControlKeys;
import org.qoeflow.schema.ControlKind;
import org.qoeflow.schema.ControlSignatures;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.Topics;

class RecoveryTrustTest {
    static final long NOW = 1_700_000_000_000L;

    static ControlUpdate routing(long version, Map<String, Double> weights) {
        return ControlUpdate.newBuilder()
                .setScope("routing/eu")
                .setKind(ControlKind.ROUTING_WEIGHTS)
                .setVersion(version)
                .setIssuedAt(Instant.ofEpochMilli(NOW - 10_000))
                .setValidUntil(Instant.ofEpochMilli(NOW + 110_000))
                .setRoutingWeights(weights)
                .build();
    }

    static ControlUpdate offload(long version, Double threshold) {
        return ControlUpdate.newBuilder()
                .setScope("offload/eu/phone-high/m")
                .setKind(ControlKind.OFFLOAD_THRESHOLD)
                .setVersion(version)
                .setIssuedAt(Instant.ofEpochMilli(NOW - 10_000))
                .setValidUntil(Instant.ofEpochMilli(NOW + 110_000))
                .setOffloadThresholdMs(threshold)
                .build();
    }

    static ControlSigning keys(Path dir, String id) {
        ControlKeys.generate(dir, id);
        return ControlSigning.fromFiles(dir.resolve(id + ".key"), null);
    }

    static byte[] bytes(ControlUpdate u) {
        return Topics.CONTROL.codec().encode(u);
    }

    @Test
    void acceptsOnlyRecordsItSignedItself(@TempDir Path dir) {
        ControlSigning mine = keys(dir.resolve("mine"), "ctl");
        ControlSigning other = keys(dir.resolve("other"), "ctl");
        RecoveryTrust trust = mine.recoveryTrust();
        ControlUpdate u = routing(7, Map.of("c1", 1.0));
        ControlUpdate signed = ControlSignatures.sign(u, "ctl", mine.key());
        ControlUpdate sameIdOtherKey = ControlSignatures.sign(u, "ctl", other.key());
        ControlUpdate tampered = ControlUpdate.newBuilder(signed).setVersion(8).build();
        ControlUpdate otherId = ControlSignatures.sign(u, "someone", other.key());

        assertThat(trust.check(signed)).isEqualTo(RecoveryTrust.Verdict.ACCEPTED);
        assertThat(trust.check(u)).isEqualTo(RecoveryTrust.Verdict.UNSIGNED);
        assertThat(trust.check(sameIdOtherKey)).isEqualTo(RecoveryTrust.Verdict.TAMPERED);
        assertThat(trust.check(tampered)).isEqualTo(RecoveryTrust.Verdict.TAMPERED);
        assertThat(trust.check(otherId)).isEqualTo(RecoveryTrust.Verdict.FORGED);
    }

    @Test
    void alsoTrustsTheKeysOfItsTrustDirectory(@TempDir Path dir) {
        ControlKeys.generate(dir.resolve("old"), "ctl-2024");
        ControlKeys.generate(dir.resolve("new"), "ctl-2025");
        ControlSigning signing =
                ControlSigning.fromFiles(dir.resolve("new/ctl-2025.key"), dir.resolve("old"));
        ControlUpdate byOldKey =
                ControlSignatures.sign(
                        routing(3, Map.of("c1", 1.0)),
                        "ctl-2024",
                        ControlKeys.privateKey(dir.resolve("old/ctl-2024.key")));
        assertThat(signing.recoveryTrust().check(byOldKey))
                .isEqualTo(RecoveryTrust.Verdict.ACCEPTED);
    }

    @Test
    void refusesSignedButUnusableRecordsAndOutOfBoundVersions(@TempDir Path dir) {
        ControlSigning mine = keys(dir, "ctl");
        RecoveryTrust trust = mine.recoveryTrust();
        ControlUpdate nullThreshold = ControlSignatures.sign(offload(3, null), "ctl", mine.key());
        ControlUpdate maxVersion =
                ControlSignatures.sign(routing(Long.MAX_VALUE, Map.of()), "ctl", mine.key());
        ControlUpdate nanWeight =
                ControlSignatures.sign(routing(3, Map.of("c1", Double.NaN)), "ctl", mine.key());
        assertThat(trust.check(nullThreshold)).isEqualTo(RecoveryTrust.Verdict.INVALID);
        assertThat(trust.check(maxVersion)).isEqualTo(RecoveryTrust.Verdict.VERSION);
        assertThat(trust.check(nanWeight)).isEqualTo(RecoveryTrust.Verdict.INVALID);
        // Without a signing key, the same checks still hold for unsigned records.
        assertThat(RecoveryTrust.anyWriter().check(offload(3, null)))
                .isEqualTo(RecoveryTrust.Verdict.INVALID);
        assertThat(RecoveryTrust.anyWriter().check(routing(Long.MAX_VALUE, Map.of("c1", 1.0))))
                .isEqualTo(RecoveryTrust.Verdict.VERSION);
        assertThat(RecoveryTrust.anyWriter().check(offload(3, 400.0)))
                .isEqualTo(RecoveryTrust.Verdict.ACCEPTED);
    }

    @Test
    void recoveryKeepsTheHighestTrustedVersionAndSkipsTheRest(@TempDir Path dir) {
        ControlSigning mine = keys(dir, "ctl");
        RecoveryTrust trust = mine.recoveryTrust();
        Map<String, ControlUpdate> latest = new HashMap<>();
        ControlUpdate real =
                ControlSignatures.sign(routing(5, Map.of("c1", 1.0)), "ctl", mine.key());
        assertThat(ControlTopicRecovery.offer(latest, bytes(real), trust))
                .isEqualTo(RecoveryTrust.Verdict.ACCEPTED);
        assertThat(
                        ControlTopicRecovery.offer(
                                latest, bytes(routing(Long.MAX_VALUE, Map.of("c1", 1.0))), trust))
                .isEqualTo(RecoveryTrust.Verdict.UNSIGNED);
        assertThat(ControlTopicRecovery.offer(latest, new byte[] {1, 2, 3}, trust))
                .isEqualTo(RecoveryTrust.Verdict.UNDECODABLE);
        assertThat(latest).containsOnlyKeys("routing/eu");
        assertThat(latest.get("routing/eu").getVersion()).isEqualTo(5);
    }

    /** The two recovery attacks of issue 9, on a controller without a signing key. */
    @Test
    void aBadRecoveredRecordNeverMakesDecisionsThrow() throws Exception {
        TestingScoreSource source = new TestingScoreSource();
        TestingControlSink sink = new TestingControlSink();
        ControllerMetrics metrics = new ControllerMetrics(new PrometheusRegistry());
        // Straight into the leadership, as if a trust check had let them through.
        Map<String, ControlUpdate> recovered =
                Map.of(
                        "offload/eu/phone-high/m", offload(9, null),
                        "routing/eu", routing(Long.MAX_VALUE, Map.of("c1", 1.0)));
        ControllerExecutor executor =
                new ControllerExecutor(
                        new ControlLaw(LawOptions.DEFAULTS),
                        source,
                        Leadership.always(sink, recovered),
                        new VersionLedger(),
                        metrics,
                        java.time.Clock.fixed(Instant.ofEpochMilli(NOW), java.time.ZoneOffset.UTC));
        source.next.add(ControlLawTest.score("c1", Tier.CLOUD, NOW, 0.2, 1));
        source.next.add(ControlLawTest.score("e1", Tier.EDGE, NOW, 0.1, 1));
        executor.runOnce(Duration.ZERO);
        assertThat(metrics.errors.get()).isZero();
        assertThat(metrics.recoveryRecordsRejected(RecoveryTrust.Verdict.INVALID)).isEqualTo(2);
        assertThat(sink.published)
                .extracting(ControlUpdate::getScope, ControlUpdate::getVersion)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("routing/eu", 1L),
                        org.assertj.core.groups.Tuple.tuple("offload/eu/phone-high/m", 1L));
    }
}
