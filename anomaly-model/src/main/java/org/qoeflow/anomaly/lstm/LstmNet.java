package org.qoeflow.anomaly.lstm;

import java.util.Random;

/**
 * One-layer LSTM forecaster with a residual linear read-out: forward step and truncated-BPTT
 * gradient over a {@link Trajectory}; weights live in a flat array owned by the caller.
 *
 * <p>Layout of the weight vector: gate matrix {@code W} (4h x (d+h), gates i, f, g, o), gate bias
 * (4h), read-out {@code V} (m x h), read-out bias (m). The forecast of the next value of the first
 * m inputs is {@code x[0..m) + V h + b}, so an untrained net predicts persistence.
 */
public final class LstmNet {
    private final int d;
    private final int m;
    private final int h;
    private final int cols;
    private final int offB;
    private final int offV;
    private final int offBv;
    private final int size;

    public LstmNet(int inputSize, int hiddenSize) {
        this(inputSize, inputSize, hiddenSize);
    }

    /**
     * @param outputSize number of forecast components; they forecast the first {@code outputSize}
     *     inputs, the remaining inputs are context only
     */
    public LstmNet(int inputSize, int outputSize, int hiddenSize) {
        if (outputSize > inputSize) {
            throw new IllegalArgumentException("outputSize must not exceed inputSize");
        }
        this.m = outputSize;
        this.d = inputSize;
        this.h = hiddenSize;
        this.cols = d + h;
        this.offB = 4 * h * cols;
        this.offV = offB + 4 * h;
        this.offBv = offV + m * h;
        this.size = offBv + m;
    }

    public int inputSize() {
        return d;
    }

    public int outputSize() {
        return m;
    }

    public int hiddenSize() {
        return h;
    }

    /** Number of parameters. */
    public int size() {
        return size;
    }

    /** Uniform Glorot-style initialisation, forget-gate bias 1, small read-out. */
    public double[] initialWeights(long seed) {
        Random rnd = new Random(seed);
        double[] w = new double[size];
        double a = 1.0 / Math.sqrt(cols);
        for (int i = 0; i < offB; i++) {
            w[i] = (2 * rnd.nextDouble() - 1) * a;
        }
        for (int j = 0; j < h; j++) {
            w[offB + h + j] = 1.0;
        }
        double v = 0.1 / Math.sqrt(h);
        for (int i = offV; i < offBv; i++) {
            w[i] = (2 * rnd.nextDouble() - 1) * v;
        }
        return w;
    }

    static double sigmoid(double a) {
        return 1.0 / (1.0 + Math.exp(-a));
    }

    /** {@code tanh} through {@code exp}, which the JIT intrinsifies (Math.tanh is slower). */
    static double tanh(double a) {
        if (a > 20) {
            return 1.0;
        }
        if (a < -20) {
            return -1.0;
        }
        return 1.0 - 2.0 / (Math.exp(2 * a) + 1.0);
    }

    /**
     * Runs step {@code k} of the trajectory: reads {@code x}, {@code hPrev}, {@code cPrev} of slot
     * k (already filled by the caller) and writes gates, cell, hidden and forecast.
     */
    public void forward(double[] w, Trajectory t, int k) {
        int xo = k * d;
        int ho = k * h;
        int go = k * 4 * h;
        for (int r = 0; r < 4 * h; r++) {
            int row = r * cols;
            double a = w[offB + r];
            for (int j = 0; j < d; j++) {
                a += w[row + j] * t.x[xo + j];
            }
            for (int j = 0; j < h; j++) {
                a += w[row + d + j] * t.hPrev[ho + j];
            }
            t.gates[go + r] = (r >= 2 * h && r < 3 * h) ? tanh(a) : sigmoid(a);
        }
        for (int j = 0; j < h; j++) {
            double i = t.gates[go + j];
            double f = t.gates[go + h + j];
            double g = t.gates[go + 2 * h + j];
            double o = t.gates[go + 3 * h + j];
            double c = f * t.cPrev[ho + j] + i * g;
            double tc = tanh(c);
            t.c[ho + j] = c;
            t.tc[ho + j] = tc;
            t.hOut[ho + j] = o * tc;
        }
        int yo = k * m;
        for (int j = 0; j < m; j++) {
            double y = t.x[xo + j] + w[offBv + j];
            int vr = offV + j * h;
            for (int q = 0; q < h; q++) {
                y += w[vr + q] * t.hOut[ho + q];
            }
            t.y[yo + j] = y;
        }
    }

    /**
     * Mean squared-error loss {@code (1/n) sum_k 0.5 |y_k - target_k|^2} over the first {@code n}
     * steps ({@code targets} holds m values per step), and its gradient with respect to the weights
     * written into {@code grad}.
     */
    public double backward(double[] w, Trajectory t, int n, double[] targets, double[] grad) {
        java.util.Arrays.fill(grad, 0.0);
        double[] dhNext = new double[h];
        double[] dcNext = new double[h];
        double[] dh = new double[h];
        double[] da = new double[4 * h];
        double loss = 0;
        for (int k = n - 1; k >= 0; k--) {
            int xo = k * d;
            int ho = k * h;
            int go = k * 4 * h;
            int yo = k * m;
            System.arraycopy(dhNext, 0, dh, 0, h);
            for (int j = 0; j < m; j++) {
                double err = t.y[yo + j] - targets[yo + j];
                loss += 0.5 * err * err / n;
                double dy = err / n;
                grad[offBv + j] += dy;
                int vr = offV + j * h;
                for (int q = 0; q < h; q++) {
                    grad[vr + q] += dy * t.hOut[ho + q];
                    dh[q] += dy * w[vr + q];
                }
            }
            for (int j = 0; j < h; j++) {
                double i = t.gates[go + j];
                double f = t.gates[go + h + j];
                double g = t.gates[go + 2 * h + j];
                double o = t.gates[go + 3 * h + j];
                double tc = t.tc[ho + j];
                double dc = dh[j] * o * (1 - tc * tc) + dcNext[j];
                da[j] = dc * g * i * (1 - i);
                da[h + j] = dc * t.cPrev[ho + j] * f * (1 - f);
                da[2 * h + j] = dc * i * (1 - g * g);
                da[3 * h + j] = dh[j] * tc * o * (1 - o);
                dcNext[j] = dc * f;
            }
            java.util.Arrays.fill(dhNext, 0.0);
            for (int r = 0; r < 4 * h; r++) {
                double dr = da[r];
                if (dr == 0.0) {
                    continue;
                }
                int row = r * cols;
                grad[offB + r] += dr;
                for (int j = 0; j < d; j++) {
                    grad[row + j] += dr * t.x[xo + j];
                }
                for (int j = 0; j < h; j++) {
                    grad[row + d + j] += dr * t.hPrev[ho + j];
                    dhNext[j] += dr * w[row + d + j];
                }
            }
        }
        return loss;
    }
}
