package org.qoeflow.jobs.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.CohortVerdictKind;
import org.qoeflow.schema.CohortVerdictLevel;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

class CohortWindowHarnessTest {
    private static final long W = 5000;
    private final SplittableRandom rnd = new SplittableRandom(3);
    private KeyedOneInputStreamOperatorTestHarness<String, QoeScore, CohortVerdict> harness;

    @SuppressWarnings("unchecked")
    @BeforeEach
    void setUp() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        var input =
                env.fromData(
                        List.of(score("n", "v", 0, 100, Tier.EDGE)),
                        TypeInformation.of(QoeScore.class));
        var verdicts = CohortScoringJob.build(input, Duration.ofMillis(W), CohortOptions.DEFAULTS);
        var transform =
                (OneInputTransformation<QoeScore, CohortVerdict>) verdicts.getTransformation();
        var op =
                (OneInputStreamOperator<QoeScore, CohortVerdict>)
                        ((SimpleOperatorFactory<CohortVerdict>) transform.getOperatorFactory())
                                .getOperator();
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        op, CohortRecords::group, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static QoeScore score(String node, String variant, long windowStart, double p95, Tier tier) {
        return QoeScore.newBuilder()
                .setNodeId(node)
                .setTier(tier)
                .setRegion("eu-west")
                .setDeviceClass("phone-mid")
                .setModelVariant(variant)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowStart + W))
                .setRequestCount(10)
                .setSampleCount(1)
                .setLatencyP95Ms(p95)
                .setSuccessRate(1.0)
                .setOffloadShare(0.2)
                .setTemperatureC(38.0)
                .setAppliedControlVersion(1)
                .setLoadWeight(0.2)
                .setQoeIndex(0.8)
                .build();
    }

    private void window(long start, boolean withCanary) throws Exception {
        for (int i = 0; i < 24; i++) {
            boolean canary = withCanary && i % 2 == 1;
            double p95 = (canary ? 330 : 220) * Math.exp(0.1 * rnd.nextGaussian());
            QoeScore s = score("edge-" + i, canary ? "new" : "old", start, p95, Tier.EDGE);
            harness.processElement(new StreamRecord<>(s, start + W - 1));
        }
        // A cloud node of the same names is not part of any cohort.
        QoeScore cloud = score("cloud-0", "large", start, 900, Tier.CLOUD);
        harness.processElement(new StreamRecord<>(cloud, start + W - 1));
        harness.processWatermark(start + W - 1);
    }

    private List<CohortVerdict> verdicts(String variant) {
        return harness.extractOutputValues().stream()
                .filter(v -> v.getModelVariant().equals(variant))
                .toList();
    }

    @Test
    void partialScoresOfAWindowDoNotCountTheirNodeTwice() throws Exception {
        for (int i = 0; i < 12; i++) {
            QoeScore partial = score("edge-" + i, "new", 0, 900, Tier.EDGE);
            partial.setPartial(true); // early, on a bad start: the full score below replaces it
            harness.processElement(new StreamRecord<>(partial, W - 1));
        }
        window(0, true);
        List<CohortVerdict> canary = verdicts("new");
        assertThat(canary).hasSize(1);
        assertThat(canary.get(0).getCohortNodes()).isEqualTo(12);
        assertThat(pastSamples()).hasSize(24);
    }

    @Test
    void canaryFailsAfterKWindowsAndItsCountIsClearedWhenItLeaves() throws Exception {
        int k = CohortOptions.DEFAULTS.failAfterWindows();
        for (int w = 0; w < k; w++) {
            window(w * W, true);
        }
        List<CohortVerdict> canary = verdicts("new");
        assertThat(canary).hasSize(k);
        assertThat(canary.get(0).getVerdict()).isEqualTo(CohortVerdictLevel.MARGINAL);
        assertThat(canary.get(k - 1).getVerdict()).isEqualTo(CohortVerdictLevel.FAIL);
        assertThat(canary.get(k - 1).getCohortNodes()).isEqualTo(12);
        assertThat(verdicts("old")).allMatch(v -> v.getVerdict() == CohortVerdictLevel.PASS);
        assertThat(verdicts("large")).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isPositive();

        // The canary is rolled back: its failing-window count goes; what is left is the group
        // check's samples of the last minute (one list: the lag is longer than these windows).
        window(k * W, false);
        assertThat(verdicts("old").get(k).getVerdict()).isEqualTo(CohortVerdictLevel.MARGINAL);
        assertThat(verdicts("old").get(k).getReason()).isEqualTo("no-baseline");
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(pastSamples()).hasSize(24 * (k + 1));
    }

    @Test
    void aWholeGroupGettingSlowerFailsItsGroupShiftAfterKWindowsAndKeepsOnlyTheLagsSamples()
            throws Exception {
        int k = CohortOptions.DEFAULTS.failAfterWindows();
        int lag = (int) (CohortOptions.DEFAULTS.shiftLagMillis() / W);
        for (int w = 0; w < lag + k + 3; w++) {
            double factor = w >= lag + 1 ? 1.5 : 1.0;
            for (int i = 0; i < 24; i++) {
                double p95 = factor * 220 * Math.exp(0.1 * rnd.nextGaussian());
                QoeScore s = score("edge-" + i, "old", w * W, p95, Tier.EDGE);
                harness.processElement(new StreamRecord<>(s, w * W + W - 1));
            }
            harness.processWatermark(w * W + W - 1);
            assertThat(pastSamples()).hasSize(24 * Math.min(w + 1, lag));
        }
        List<CohortVerdict> shifts = verdicts(CohortRecords.GROUP_SHIFT_VARIANT);
        assertThat(shifts).allMatch(v -> v.getKind() == CohortVerdictKind.GROUP_SHIFT);
        // the first window with one a lag before it is window lag; the slowdown starts at lag + 1
        assertThat(shifts.get(0).getWindowStart()).isEqualTo(Instant.ofEpochMilli(lag * W));
        assertThat(shifts.get(0).getVerdict()).isEqualTo(CohortVerdictLevel.PASS);
        assertThat(shifts.get(1).getVerdict()).isEqualTo(CohortVerdictLevel.MARGINAL);
        assertThat(shifts.get(k).getVerdict()).isEqualTo(CohortVerdictLevel.FAIL);
        assertThat(shifts.get(k).getFailedMetrics()).containsExactly("latency");
        assertThat(shifts.get(k).getCohortNodes()).isEqualTo(24);
        assertThat(shifts.get(k).getBaselineNodes()).isEqualTo(24);
        assertThat(verdicts("old")).allMatch(v -> v.getKind() == CohortVerdictKind.VARIANT);
    }

    private List<Tuple3<Long, String, double[]>> pastSamples() throws Exception {
        var op = (AbstractStreamOperator<?>) harness.getOperator();
        op.setCurrentKey("eu-west/phone-mid");
        List<Tuple3<Long, String, double[]>> out = new ArrayList<>();
        op.getKeyedStateStore()
                .getListState(CohortWindow.pastSamplesDescriptor(CohortScoringJob.STATE_TTL))
                .get()
                .forEach(out::add);
        return out;
    }
}
