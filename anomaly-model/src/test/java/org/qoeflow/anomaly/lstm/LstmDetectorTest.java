package org.qoeflow.anomaly.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.FeatureSpec;
import org.qoeflow.anomaly.TestingSeries;

class LstmDetectorTest {

    private static LstmDetector detector() {
        return new LstmDetector(
                ModelArtifact.untrained(AnomalyOptions.defaults(), FeatureSpec.scalar("v")));
    }

    @Test
    void spikeScoresHigherThanEverythingBeforeIt() {
        double[] x = TestingSeries.daily(2500, 2000, 1);
        LstmDetector det = detector();
        double maxBefore = 0;
        double atSpike = 0;
        double thresholdBefore = 0;
        for (int t = 0; t < x.length; t++) {
            thresholdBefore = det.threshold();
            double s = det.score(TestingSeries.timestamp(t), new double[] {x[t]});
            assertThat(s).isBetween(0.0, 1.0);
            if (t >= 1000 && t < 2000) {
                maxBefore = Math.max(maxBefore, s);
            }
            if (t == 2000) {
                atSpike = s;
                assertThat(det.alert()).isTrue();
                assertThat(det.rawScore()).isGreaterThan(thresholdBefore);
                assertThat(det.topFeatures(1)).containsExactly(0);
            }
        }
        assertThat(atSpike).isGreaterThan(maxBefore).isGreaterThanOrEqualTo(0.5);
        assertThat(maxBefore).isLessThan(0.5);
    }

    @Test
    void snapshotRestoresIntoAnotherInstanceAndContinuesIdentically() {
        double[] x = TestingSeries.daily(1500, 1200, 3);
        LstmDetector a = detector();
        for (int t = 0; t < 777; t++) {
            a.score(TestingSeries.timestamp(t), new double[] {x[t]});
        }
        byte[] state = a.snapshot();
        LstmDetector b = detector();
        b.restore(state);
        for (int t = 777; t < x.length; t++) {
            double sa = a.score(TestingSeries.timestamp(t), new double[] {x[t]});
            double sb = b.score(TestingSeries.timestamp(t), new double[] {x[t]});
            assertThat(sb).isEqualTo(sa);
        }
        assertThat(b.snapshot()).isEqualTo(a.snapshot());
    }

    @Test
    void perKeyStateFitsInFourKilobytes() {
        LstmDetector det = detector();
        int max = 0;
        double[] x = TestingSeries.daily(1000, -1, 4);
        for (int t = 0; t < x.length; t++) {
            det.score(TestingSeries.timestamp(t), new double[] {x[t]});
            max = Math.max(max, det.snapshot().length);
        }
        assertThat(max).isLessThanOrEqualTo(4096);
    }

    @Test
    void twelveFeatureStateOfTheStreamingJobFitsInFourKilobytesAndUnderItsBound() {
        AnomalyOptions o =
                AnomalyOptions.builder()
                        .onlineLearning(false)
                        .warmupEvents(12)
                        .recordHalfLife(720)
                        .recordGrowthCap(2.0)
                        .build();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int j = 0; j < 12; j++) {
            names.add("f" + j);
        }
        LstmDetector det = new LstmDetector(ModelArtifact.untrained(o, new FeatureSpec(names)));
        double[] x = TestingSeries.daily(600, 300, 5);
        int max = 0;
        for (int t = 0; t < x.length; t++) {
            double[] f = new double[12];
            for (int j = 0; j < 12; j++) {
                f[j] = x[t] * (j + 1);
            }
            det.score(TestingSeries.timestamp(t), f);
            max = Math.max(max, det.snapshot().length);
        }
        assertThat(max).isLessThanOrEqualTo(det.maxStateBytes());
        assertThat(det.maxStateBytes()).isLessThanOrEqualTo(4096);
    }

    @Test
    void withValueNoveltyTheStateStillResumesExactly() {
        AnomalyOptions o = AnomalyOptions.builder().noveltyBins(32).build();
        double[] x = TestingSeries.daily(1200, 1000, 6);
        LstmDetector a = new LstmDetector(ModelArtifact.untrained(o, FeatureSpec.scalar("v")));
        for (int t = 0; t < 555; t++) {
            a.score(TestingSeries.timestamp(t), new double[] {x[t]});
        }
        LstmDetector b = new LstmDetector(ModelArtifact.untrained(o, FeatureSpec.scalar("v")));
        b.restore(a.snapshot());
        double atSpike = 0;
        for (int t = 555; t < x.length; t++) {
            double sa = a.score(TestingSeries.timestamp(t), new double[] {x[t]});
            assertThat(b.score(TestingSeries.timestamp(t), new double[] {x[t]})).isEqualTo(sa);
            if (t == 1000) {
                atSpike = sa;
            }
        }
        assertThat(atSpike).isGreaterThanOrEqualTo(0.5);
        assertThat(a.snapshot().length).isLessThanOrEqualTo(a.maxStateBytes());
    }

    @Test
    void restoresAVersionOneStateOfEarlierReleases() {
        AnomalyOptions legacy =
                AnomalyOptions.builder().seasonalSlotWeight(0).recordRateHorizon(0).build();
        double[] x = TestingSeries.daily(1500, 1200, 7);
        LstmDetector a = new LstmDetector(ModelArtifact.untrained(legacy, FeatureSpec.scalar("v")));
        for (int t = 0; t < 900; t++) {
            a.score(TestingSeries.timestamp(t), new double[] {x[t]});
        }
        // version 1 = version byte 1, the same fields, and the novelty records (unused, zero)
        // between the novelty histogram (empty) and the suppression window
        byte[] v2 = a.snapshotVersion2();
        int suppression = 2 + 2 * legacy.suppressEvents();
        int noveltyRecords = 8 + 16 * legacy.noveltyScales().size();
        byte[] v1 = new byte[v2.length + noveltyRecords];
        System.arraycopy(v2, 0, v1, 0, v2.length - suppression);
        System.arraycopy(v2, v2.length - suppression, v1, v1.length - suppression, suppression);
        v1[0] = 1;
        LstmDetector same =
                new LstmDetector(ModelArtifact.untrained(legacy, FeatureSpec.scalar("v")));
        same.restore(v1);
        LstmDetector upgraded = detector();
        upgraded.restore(v1);
        for (int t = 900; t < x.length; t++) {
            double s = a.score(TestingSeries.timestamp(t), new double[] {x[t]});
            assertThat(same.score(TestingSeries.timestamp(t), new double[] {x[t]})).isEqualTo(s);
            double u = upgraded.score(TestingSeries.timestamp(t), new double[] {x[t]});
            assertThat(u).isBetween(0.0, 1.0);
            if (t == 1200) {
                assertThat(u).isGreaterThanOrEqualTo(0.5); // the spike still alerts
            }
        }
    }

    @Test
    void resetForgetsTheSeries() {
        LstmDetector det = detector();
        byte[] fresh = det.snapshot();
        det.score(TestingSeries.timestamp(0), new double[] {1.0});
        det.reset();
        assertThat(det.snapshot()).isEqualTo(fresh);
    }

    @Test
    void rawScoreOverTheTopFeaturesIsNotDilutedByQuietOnes() {
        var features =
                new org.qoeflow.anomaly.FeatureSpec(
                        java.util.stream.IntStream.range(0, 12).mapToObj(i -> "f" + i).toList());
        var base =
                org.qoeflow.anomaly.AnomalyOptions.builder()
                        .onlineLearning(false)
                        .warmupEvents(20)
                        .rawTopFeatures(0);
        LstmDetector all = new LstmDetector(ModelArtifact.untrained(base.build(), features));
        LstmDetector top3 =
                new LstmDetector(ModelArtifact.untrained(base.rawTopFeatures(3).build(), features));
        java.util.Random r = new java.util.Random(5);
        for (int t = 0; t < 300; t++) {
            double[] x = new double[12];
            for (int f = 0; f < 12; f++) {
                x[f] = r.nextGaussian();
            }
            if (t == 299) {
                x[0] += 12; // one feature jumps
            }
            all.score(t * 1000L, x.clone());
            top3.score(t * 1000L, x.clone());
        }
        // RMS over 12 features dilutes a one-feature jump by sqrt(12/3) = 2 relative to the top 3
        org.assertj.core.api.Assertions.assertThat(top3.rawScore())
                .isGreaterThan(1.7 * all.rawScore());
    }
}
