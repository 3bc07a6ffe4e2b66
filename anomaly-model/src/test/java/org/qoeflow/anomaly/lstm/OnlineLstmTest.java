package org.qoeflow.anomaly.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnlineLstmTest {

    private static double signal(int t, Random noise) {
        return Math.sin(2 * Math.PI * t / 17.0)
                + 0.5 * Math.sin(2 * Math.PI * t / 5.0)
                + 0.05 * noise.nextGaussian();
    }

    /** Mean absolute one-step error over events [from, to) of an online learner. */
    private static double meanError(boolean learn, int from, int to) {
        LstmNet net = new LstmNet(1, 8);
        OnlineLstm lstm = new OnlineLstm(net, net.initialWeights(5), learn, 8, 0.01, 1.0);
        Random noise = new Random(11);
        double sum = 0;
        for (int t = 0; t < to; t++) {
            double x = signal(t, noise);
            if (t >= from) {
                sum += Math.abs(x - lstm.prediction()[0]);
            }
            lstm.observe(new double[] {x});
        }
        return sum / (to - from);
    }

    @Test
    void onlineLearningBeatsTheUntrainedPersistenceForecast() {
        double frozen = meanError(false, 4000, 5000);
        double learned = meanError(true, 4000, 5000);
        assertThat(learned).isLessThan(0.5 * frozen);
    }

    @Test
    void serializedStateResumesExactly() {
        LstmNet net = new LstmNet(2, 4);
        double[] w = net.initialWeights(9);
        OnlineLstm a = new OnlineLstm(net, w, true, 8, 0.01, 1.0);
        Random rnd = new Random(2);
        for (int t = 0; t < 101; t++) {
            a.observe(new double[] {rnd.nextGaussian(), rnd.nextGaussian()});
        }
        ByteBuffer bytes = ByteBuffer.allocate(8192);
        a.write(bytes);
        OnlineLstm b = new OnlineLstm(net, w, true, 8, 0.01, 1.0);
        b.read(bytes.flip());
        assertThat(b.prediction()).containsExactly(a.prediction());
        for (int t = 0; t < 50; t++) {
            double[] x = {rnd.nextGaussian(), rnd.nextGaussian()};
            a.observe(x);
            b.observe(x.clone());
            assertThat(b.prediction()).containsExactly(a.prediction());
        }
    }
}
