package org.qoeflow.anomaly.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RunningNormalizerTest {

    @Test
    void firstChangeOfAFeatureThatNeverMovedScoresAtMostSqrtOfCountPlusOne() {
        RunningNormalizer n = new RunningNormalizer(1, 1000);
        for (int t = 0; t < 180; t++) {
            n.update(new double[] {1.0}); // a success rate that has been exactly 1
        }
        double[] out = new double[1];
        n.normalize(new double[] {0.9}, out); // the first failure
        assertThat(out[0]).isCloseTo(-Math.sqrt(181), within(1e-9));
        n.normalize(new double[] {0.5}, out); // the size of the change does not matter
        assertThat(out[0]).isCloseTo(-Math.sqrt(181), within(1e-9));
        n.normalize(new double[] {1.0}, out);
        assertThat(out[0]).isEqualTo(0.0);
    }

    @Test
    void aFeatureWithSpreadIsStandardizedByItsOwnStd() {
        RunningNormalizer n = new RunningNormalizer(1, 1000);
        Random rnd = new Random(7);
        for (int t = 0; t < 5000; t++) {
            n.update(new double[] {20.0 + 2.0 * rnd.nextGaussian()});
        }
        double[] out = new double[1];
        n.normalize(new double[] {26.0}, out); // three of its stds
        assertThat(out[0]).isBetween(2.5, 3.5);
        n.normalize(new double[] {20.0 + 2.0 * 1000}, out); // a huge outlier keeps its size
        assertThat(out[0]).isBetween(900.0, 1100.0);
    }

    @Test
    void firstValueScoresZero() {
        RunningNormalizer n = new RunningNormalizer(2, 10);
        double[] out = new double[2];
        n.normalize(new double[] {5.0, -3.0}, out);
        assertThat(out).containsExactly(0.0, 0.0);
    }
}
