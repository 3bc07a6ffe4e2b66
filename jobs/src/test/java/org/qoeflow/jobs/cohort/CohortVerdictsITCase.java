package org.qoeflow.jobs.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.jobs.JobOptions;
import org.qoeflow.jobs.JobTestCluster;
import org.qoeflow.jobs.QoeScoringJob;
import org.qoeflow.jobs.anomaly.AnomalyJobOptions;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.CohortVerdictKind;
import org.qoeflow.schema.CohortVerdictLevel;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.Topics;

/**
 * Telemetry of a canary model variant that is slower and fails more, beside the class's current
 * variant, through the whole job (MiniCluster, parallelism 2) on a real broker: the canary's
 * verdict turns FAIL after k windows, keyed by its offload scope, and the current variant passes. A
 * second region's nodes all get slower: its group-shift verdict turns FAIL k windows later.
 */
class CohortVerdictsITCase {
    @RegisterExtension static final JobTestCluster CLUSTER = JobTestCluster.perClass();
    static final long T0 = 1_700_000_000_000L; // aligned to 5 s windows
    static final int WINDOWS = CohortOptions.DEFAULTS.failAfterWindows() + 2;
    static final int LAG_WINDOWS = (int) (CohortOptions.DEFAULTS.shiftLagMillis() / 5000);
    static final int SHIFT_WINDOWS = LAG_WINDOWS + CohortOptions.DEFAULTS.failAfterWindows() + 2;

    @Test
    void slowFailingCanaryFailsAfterKWindowsAndTheCurrentVariantPasses() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int w = 0; w <= WINDOWS; w++) {
            for (int i = 0; i < 24; i++) {
                boolean canary = i % 2 == 1;
                for (int r = 0; r < 4; r++) {
                    double e2e = (canary ? 330 : 220) * Math.exp(0.1 * rnd.nextGaussian());
                    boolean ok = !canary || rnd.nextDouble() >= 0.3;
                    long t = T0 + w * 5000L + 1000L * r + i;
                    records.add(JobTestCluster.telemetry(event(i, canary, t, e2e, ok)));
                }
            }
        }
        // A second group, one variant: after window LAG_WINDOWS every node 1.6x slower.
        for (int w = 0; w <= SHIFT_WINDOWS; w++) {
            for (int i = 0; i < 16; i++) {
                for (int r = 0; r < 4; r++) {
                    double e2e = (w > LAG_WINDOWS ? 350 : 220) * Math.exp(0.1 * rnd.nextGaussian());
                    long t = T0 + w * 5000L + 1000L * r + i;
                    records.add(JobTestCluster.telemetry(shiftEvent(i, t, e2e)));
                }
            }
        }
        records.sort(java.util.Comparator.comparingLong(ProducerRecord::timestamp));
        CLUSTER.produce(records);
        JobOptions options =
                new JobOptions(
                        CLUSTER.kafkaProperties(),
                        "it-" + UUID.randomUUID(),
                        Duration.ofSeconds(5),
                        Duration.ZERO,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        JobOptions.DEFAULT_MAX_FUTURE_SKEW,
                        DeliveryGuarantee.AT_LEAST_ONCE,
                        "it",
                        true,
                        QoeOptions.DEFAULTS,
                        new AnomalyJobOptions(false, Duration.ofMinutes(10), 10));
        JobClient job =
                QoeScoringJob.wire(JobTestCluster.environment(), options).executeAsync("cohort-it");
        try {
            CohortVerdict failed =
                    CLUSTER.firstMatching(
                            Topics.COHORT_VERDICTS,
                            v ->
                                    v.getModelVariant().equals("tiny-int3")
                                            && v.getVerdict() == CohortVerdictLevel.FAIL);
            int k = CohortOptions.DEFAULTS.failAfterWindows();
            assertThat(failed.getWindowStart())
                    .isEqualTo(Instant.ofEpochMilli(T0 + (k - 1) * 5000L));
            assertThat(failed.getFailingWindows()).isEqualTo(k);
            assertThat(failed.getCohortNodes()).isEqualTo(12);
            assertThat(failed.getBaselineNodes()).isEqualTo(12);
            assertThat(failed.getFailedMetrics()).contains("latency");
            assertThat(failed.getRegion()).isEqualTo("eu-west");
            assertThat(failed.getDeviceClass()).isEqualTo("phone-mid");

            CohortVerdict first =
                    CLUSTER.firstMatching(
                            Topics.COHORT_VERDICTS,
                            v ->
                                    v.getModelVariant().equals("tiny-int3")
                                            && v.getWindowStart().toEpochMilli() == T0);
            assertThat(first.getVerdict()).isEqualTo(CohortVerdictLevel.MARGINAL);
            assertThat(first.getWindowVerdict()).isEqualTo(CohortVerdictLevel.FAIL);

            CohortVerdict current =
                    CLUSTER.firstMatching(
                            Topics.COHORT_VERDICTS,
                            v ->
                                    v.getModelVariant().equals("tiny-int4")
                                            && v.getRegion().equals("eu-west")
                                            && v.getWindowStart().toEpochMilli()
                                                    == T0 + (k - 1) * 5000L);
            assertThat(current.getVerdict()).isEqualTo(CohortVerdictLevel.PASS);
            assertThat(current.getKind()).isEqualTo(CohortVerdictKind.VARIANT);

            CohortVerdict shift =
                    CLUSTER.firstMatching(
                            Topics.COHORT_VERDICTS,
                            v ->
                                    v.getKind() == CohortVerdictKind.GROUP_SHIFT
                                            && v.getVerdict() == CohortVerdictLevel.FAIL);
            assertThat(shift.getRegion()).isEqualTo("us-east");
            assertThat(shift.getModelVariant()).isEqualTo(CohortRecords.GROUP_SHIFT_VARIANT);
            assertThat(shift.getWindowStart())
                    .isEqualTo(Instant.ofEpochMilli(T0 + (LAG_WINDOWS + k) * 5000L));
            assertThat(shift.getCohortNodes()).isEqualTo(16);
            assertThat(shift.getBaselineNodes()).isEqualTo(16);
            assertThat(shift.getFailedMetrics()).contains("latency");
            CohortVerdict steady =
                    CLUSTER.firstMatching(
                            Topics.COHORT_VERDICTS,
                            v ->
                                    v.getKind() == CohortVerdictKind.GROUP_SHIFT
                                            && v.getWindowStart().toEpochMilli()
                                                    == T0 + LAG_WINDOWS * 5000L);
            assertThat(steady.getVerdict()).isEqualTo(CohortVerdictLevel.PASS);
        } finally {
            job.cancel().get();
        }
    }

    static Telemetry event(int i, boolean canary, long time, double e2e, boolean ok) {
        return Telemetry.newBuilder()
                .setNodeId(String.format("edge-%06d", i))
                .setTier(Tier.EDGE)
                .setRegion("eu-west")
                .setDeviceClass("phone-mid")
                .setModelVariant(canary ? "tiny-int3" : "tiny-int4")
                .setModelVersion("1")
                .setEventTime(Instant.ofEpochMilli(time))
                .setAppliedControlVersion(1)
                .setPayload(new RequestFact(e2e / 4, e2e, ok, false, null))
                .build();
    }

    static Telemetry shiftEvent(int i, long time, double e2e) {
        return Telemetry.newBuilder(event(i, false, time, e2e, true))
                .setNodeId(String.format("edge-us-%06d", i))
                .setRegion("us-east")
                .build();
    }
}
