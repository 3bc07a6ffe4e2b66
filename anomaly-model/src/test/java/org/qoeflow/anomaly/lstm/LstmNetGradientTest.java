package org.qoeflow.anomaly.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LstmNetGradientTest {

    private static final int D = 2;
    private static final int H = 3;
    private static final int N = 5;

    /** Runs N steps from a fixed non-zero initial state, returns the trajectory. */
    private static Trajectory rollout(
            LstmNet net, double[] w, double[] xs, double[] h0, double[] c0) {
        Trajectory t = new Trajectory(D, H, N);
        System.arraycopy(xs, 0, t.x, 0, N * D);
        System.arraycopy(h0, 0, t.hPrev, 0, H);
        System.arraycopy(c0, 0, t.cPrev, 0, H);
        for (int k = 0; k < N; k++) {
            if (k > 0) {
                System.arraycopy(t.hOut, (k - 1) * H, t.hPrev, k * H, H);
                System.arraycopy(t.c, (k - 1) * H, t.cPrev, k * H, H);
            }
            net.forward(w, t, k);
        }
        return t;
    }

    private static double loss(Trajectory t, double[] targets) {
        double l = 0;
        for (int i = 0; i < N * D; i++) {
            double e = t.y[i] - targets[i];
            l += 0.5 * e * e / N;
        }
        return l;
    }

    @Test
    void backwardMatchesCentralFiniteDifferences() {
        LstmNet net = new LstmNet(D, H);
        Random rnd = new Random(3);
        double[] w = new double[net.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextGaussian() * 0.8; // large enough to exercise gate saturation
        }
        double[] xs = new double[N * D];
        double[] targets = new double[N * D];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = rnd.nextGaussian();
            targets[i] = rnd.nextGaussian();
        }
        double[] h0 = {0.3, -0.2, 0.1};
        double[] c0 = {-0.5, 0.4, 0.2};

        double[] grad = new double[net.size()];
        double analyticLoss = net.backward(w, rollout(net, w, xs, h0, c0), N, targets, grad);
        assertThat(analyticLoss)
                .isCloseTo(
                        loss(rollout(net, w, xs, h0, c0), targets),
                        org.assertj.core.api.Assertions.within(1e-12));

        double eps = 1e-5;
        double worst = 0;
        for (int i = 0; i < w.length; i++) {
            double saved = w[i];
            w[i] = saved + eps;
            double up = loss(rollout(net, w, xs, h0, c0), targets);
            w[i] = saved - eps;
            double down = loss(rollout(net, w, xs, h0, c0), targets);
            w[i] = saved;
            double numeric = (up - down) / (2 * eps);
            double rel =
                    Math.abs(numeric - grad[i])
                            / Math.max(1e-6, Math.abs(numeric) + Math.abs(grad[i]));
            worst = Math.max(worst, rel);
        }
        assertThat(worst).as("worst relative gradient error").isLessThan(1e-6);
    }

    @Test
    void untrainedNetForecastsRoughlyPersistence() {
        LstmNet net = new LstmNet(1, 8);
        double[] w = net.initialWeights(1);
        Trajectory t = new Trajectory(1, 8, 1);
        t.x[0] = 2.0;
        net.forward(w, t, 0);
        assertThat(t.prediction(0, 0)).isBetween(1.5, 2.5);
    }
}
