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
    void resetForgetsTheSeries() {
        LstmDetector det = detector();
        byte[] fresh = det.snapshot();
        det.score(TestingSeries.timestamp(0), new double[] {1.0});
        det.reset();
        assertThat(det.snapshot()).isEqualTo(fresh);
    }
}
