package org.qoeflow.anomaly.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.FeatureSpec;

/**
 * State version 4 of the LSTM detector (sparse seasonal slots in the profile's own 16 bits, no
 * chunk trajectory without online learning) on the job's 12-feature built-in configuration:
 * lossless, smaller, and versions 3 and 2 still restore.
 */
class DetectorStateCodecTest {
    private static final FeatureSpec TWELVE =
            new FeatureSpec(IntStream.range(0, 12).mapToObj(i -> "f" + i).toList());
    private static final long WINDOW_MILLIS = 5_000;

    private static LstmDetector builtIn() {
        return new LstmDetector(ModelArtifact.untrained(AnomalyOptions.defaults(), TWELVE));
    }

    /** A fleet-like series: daily pattern per feature, noise, a level shift at {@code shiftAt}. */
    private static double[] features(Random r, int t, long stepMillis, int shiftAt) {
        double day = 2 * Math.PI * (t * stepMillis % 86_400_000L) / 86_400_000.0;
        double[] x = new double[12];
        for (int j = 0; j < 12; j++) {
            x[j] = (j + 1) * (1 + 0.3 * Math.sin(day + j)) + 0.05 * r.nextGaussian();
            if (t >= shiftAt && j == 3) {
                x[j] += 40.0;
            }
        }
        return x;
    }

    @Test
    void restoringEveryStepScoresBitIdenticallyToALiveDetectorOverADay() {
        LstmDetector live = builtIn();
        LstmDetector bytes = builtIn();
        byte[] state = bytes.snapshot();
        Random r = new Random(11);
        long step = 60_000; // a day in 1440 steps: every seasonal slot gets visited
        int alerts = 0;
        for (int t = 0; t < 1600; t++) {
            double[] x = features(r, t, step, 1500);
            double expected = live.score(t * step, x.clone());
            bytes.restore(state);
            assertThat(bytes.score(t * step, x.clone()))
                    .as("score at step %d", t)
                    .isEqualTo(expected);
            assertThat(bytes.rawScore()).isEqualTo(live.rawScore());
            assertThat(bytes.threshold()).isEqualTo(live.threshold());
            assertThat(bytes.topFeatures(3)).containsExactly(live.topFeatures(3));
            alerts += live.alert() ? 1 : 0;
            state = bytes.snapshot();
            assertThat(state).isEqualTo(live.snapshot());
        }
        assertThat(alerts)
                .as("the level shift alerts, so the comparison covers alerts")
                .isPositive();
    }

    @Test
    void aVersionTwoStateRestoresAndContinuesBitIdentically() {
        LstmDetector a = builtIn();
        Random r = new Random(12);
        for (int t = 0; t < 203; t++) { // ends inside a BPTT chunk: the trajectory is replayed
            a.score(t * WINDOW_MILLIS, features(r, t, WINDOW_MILLIS, Integer.MAX_VALUE));
        }
        byte[] v2 = a.snapshotVersion2();
        assertThat(v2[0]).isEqualTo((byte) 2);
        LstmDetector b = builtIn();
        b.restore(v2);
        assertThat(b.snapshot()).isEqualTo(a.snapshot());
        for (int t = 203; t < 400; t++) {
            double[] x = features(r, t, WINDOW_MILLIS, 300);
            assertThat(b.score(t * WINDOW_MILLIS, x.clone()))
                    .isEqualTo(a.score(t * WINDOW_MILLIS, x.clone()));
        }
    }

    @Test
    void aVersionThreeStateRestoresAndContinuesBitIdentically() {
        LstmDetector a = builtIn();
        Random r = new Random(17);
        for (int t = 0; t < 2000; t++) { // several seasonal slots visited
            a.score(t * 60_000L, features(r, t, 60_000L, Integer.MAX_VALUE));
        }
        byte[] v3 = a.snapshotVersion3();
        assertThat(v3[0]).isEqualTo((byte) 3);
        assertThat(v3.length).isGreaterThan(a.snapshot().length + 1000);
        LstmDetector b = builtIn();
        b.restore(v3);
        assertThat(b.snapshot()).isEqualTo(a.snapshot());
        for (int t = 2000; t < 2300; t++) {
            double[] x = features(r, t, 60_000L, 2200);
            assertThat(b.score(t * 60_000L, x.clone())).isEqualTo(a.score(t * 60_000L, x.clone()));
        }
    }

    @Test
    void aYoungNodeKeepsOnlyItsVisitedSlotsAndADayOldOneStaysUnderTheBound() {
        LstmDetector det = builtIn();
        Random r = new Random(13);
        for (int t = 0; t < 30; t++) { // 150 s: one time-of-day slot
            det.score(t * WINDOW_MILLIS, features(r, t, WINDOW_MILLIS, Integer.MAX_VALUE));
        }
        int young = det.snapshot().length;
        assertThat(young).isLessThan(det.snapshotVersion2().length - 2000);
        int[] parts = det.snapshotBreakdown();
        assertThat(IntStream.of(parts).sum()).isEqualTo(young);
        int seasonal = parts[LstmDetector.SNAPSHOT_PARTS.indexOf("seasonal_profile")];
        assertThat(seasonal).isEqualTo(6 + 12 + 12 * 2 + 2); // bitmap, scales, one slot
        for (int t = 30; t < 30 + 17_280; t++) { // one more day of 5 s windows
            det.score(t * WINDOW_MILLIS, features(r, t, WINDOW_MILLIS, Integer.MAX_VALUE));
        }
        assertThat(det.snapshot().length).isLessThanOrEqualTo(det.maxStateBytes());
        assertThat(det.maxStateBytes()).isLessThanOrEqualTo(det.snapshotVersion2().length);
    }

    @Test
    void aVersionThreeStateWithOnlineLearningStillResumesExactly() {
        AnomalyOptions o = AnomalyOptions.builder().onlineLearning(true).build();
        LstmDetector a = new LstmDetector(ModelArtifact.untrained(o, FeatureSpec.scalar("v")));
        Random r = new Random(14);
        for (int t = 0; t < 333; t++) {
            a.score(t * WINDOW_MILLIS, new double[] {Math.sin(t / 20.0) + 0.1 * r.nextGaussian()});
        }
        LstmDetector b = new LstmDetector(ModelArtifact.untrained(o, FeatureSpec.scalar("v")));
        b.restore(a.snapshot());
        for (int t = 333; t < 600; t++) {
            double v = Math.sin(t / 20.0) + 0.1 * r.nextGaussian();
            assertThat(b.score(t * WINDOW_MILLIS, new double[] {v}))
                    .isEqualTo(a.score(t * WINDOW_MILLIS, new double[] {v}));
        }
    }

    @Test
    void corruptVersionThreeStatesAreErrorsNamingTheField() {
        LstmDetector a = builtIn();
        Random r = new Random(15);
        for (int t = 0; t < 50; t++) {
            a.score(t * WINDOW_MILLIS, features(r, t, WINDOW_MILLIS, Integer.MAX_VALUE));
        }
        byte[] state = a.snapshot();
        int[] parts = a.snapshotBreakdown();
        int lstmAt = parts[0] + parts[1] + parts[2];
        byte[] badFlag = state.clone();
        badFlag[lstmAt] = 7;
        assertThatThrownBy(() -> builtIn().restore(badFlag))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prediction flag 7");
        byte[] truncated = java.util.Arrays.copyOf(state, state.length - 3);
        assertThatThrownBy(() -> builtIn().restore(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        byte[] version9 = state.clone();
        version9[0] = 9;
        assertThatThrownBy(() -> builtIn().restore(version9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void aVersionTwoChunkPositionOutsideTheChunkIsAnError() {
        LstmDetector a = builtIn();
        a.score(0, features(new Random(16), 0, WINDOW_MILLIS, Integer.MAX_VALUE));
        byte[] v2 = a.snapshotVersion2();
        int[] parts = a.snapshotBreakdown();
        int at = parts[0] + parts[1] + parts[2] + 1; // after the prediction flag
        v2[at] = 0x7F;
        assertThatThrownBy(() -> builtIn().restore(v2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunk position");
    }
}
