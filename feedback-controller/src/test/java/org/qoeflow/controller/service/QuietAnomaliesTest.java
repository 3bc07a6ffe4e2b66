package org.qoeflow.controller.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.Topics;

class QuietAnomaliesTest {
    static byte[] encoded(boolean alert) {
        return Topics.ANOMALY_SCORES
                .codec()
                .encode(
                        AnomalyScore.newBuilder()
                                .setNodeId("edge-äöü-1")
                                .setTier(Tier.EDGE)
                                .setRegion("eu-west")
                                .setDeviceClass("phone-mid")
                                .setWindowStart(Instant.ofEpochMilli(1_700_000_000_000L))
                                .setWindowEnd(Instant.ofEpochMilli(1_700_000_005_000L))
                                .setRawScore(0.3)
                                .setLikelihood(0.4)
                                .setThreshold(1.0)
                                .setAlert(alert)
                                .setTopFeatures(List.of("latency_p95_ms"))
                                .setModelVersion("v1")
                                .build());
    }

    @Test
    void tellsAScoreWithoutAlertFromOneWithAnAlert() {
        assertThat(QuietAnomalies.quiet(encoded(false))).isTrue();
        assertThat(QuietAnomalies.quiet(encoded(true))).isFalse();
    }

    @Test
    void leavesEveryTruncationOfAQuietScoreBeforeItsAlertToTheFullDecode() {
        byte[] quiet = encoded(false);
        int alertAt = quiet.length - 1 - (1 + 1 + "latency_p95_ms".length() + 1) - (1 + 2);
        assertThat(quiet[alertAt]).isZero();
        for (int n = 0; n <= alertAt; n++) {
            assertThat(QuietAnomalies.quiet(Arrays.copyOf(quiet, n))).as("%d bytes", n).isFalse();
        }
    }

    @Test
    void leavesOtherWriterSchemasAndOtherRecordsToTheFullDecode() {
        byte[] otherSchema = encoded(false);
        otherSchema[5] ^= 0x40;
        assertThat(QuietAnomalies.quiet(otherSchema)).isFalse();
        assertThat(QuietAnomalies.quiet(null)).isFalse();
        assertThat(QuietAnomalies.quiet(new byte[0])).isFalse();
    }

    @Test
    void neverThrowsOnCorruptBodies() {
        byte[] quiet = encoded(false);
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] b = quiet.clone();
            b[10 + random.nextInt(b.length - 10)] = (byte) random.nextInt(256);
            QuietAnomalies.quiet(b);
        }
    }
}
