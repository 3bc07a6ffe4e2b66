package org.qoeflow.anomaly.lstm;

import java.nio.ByteBuffer;

/**
 * Recurrent state of one series plus, with online learning, its own weights trained by truncated
 * BPTT over non-overlapping chunks with RMSprop; forecasts the next input.
 *
 * <p>Weights and RMSprop accumulators are kept float-representable so that a serialized state
 * resumes exactly.
 */
public final class OnlineLstm {
    private static final double RMS_DECAY = 0.99;

    private final LstmNet net;
    private final boolean learn;
    private final double learningRate;
    private final double clip;
    private final double[] weights;
    private final double[] rms;
    private final double[] grad;
    private final double[] targets;
    private final Trajectory traj;
    private final double[] h;
    private final double[] c;
    private final double[] prediction;
    private int n;
    private boolean hasPrediction;

    /**
     * @param shared initial weights; copied when {@code learn} is true, otherwise used read-only
     */
    public OnlineLstm(
            LstmNet net, double[] shared, boolean learn, int bpttSteps, double lr, double clip) {
        this.net = net;
        this.learn = learn;
        this.learningRate = lr;
        this.clip = clip;
        this.weights = learn ? toFloat(shared.clone()) : shared;
        this.rms = learn ? new double[net.size()] : null;
        this.grad = learn ? new double[net.size()] : null;
        int d = net.inputSize();
        int m = net.outputSize();
        this.targets = new double[bpttSteps * m];
        this.traj = new Trajectory(d, m, net.hiddenSize(), bpttSteps);
        this.h = new double[net.hiddenSize()];
        this.c = new double[net.hiddenSize()];
        this.prediction = new double[m];
    }

    private static double[] toFloat(double[] w) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) w[i];
        }
        return w;
    }

    public boolean hasPrediction() {
        return hasPrediction;
    }

    /**
     * Forecast of the next values of the first {@code outputSize} (normalized) inputs, valid once
     * {@link #hasPrediction()}.
     */
    public double[] prediction() {
        return prediction;
    }

    public double[] weights() {
        return weights;
    }

    /** Consumes the next normalized input: trains on a completed chunk, then steps forward. */
    public void observe(double[] u) {
        int d = net.inputSize();
        int hs = net.hiddenSize();
        if (n == traj.capacity()) {
            if (learn) {
                train(u);
            }
            n = 0;
        }
        if (n == 0) {
            System.arraycopy(h, 0, traj.hPrev, 0, hs);
            System.arraycopy(c, 0, traj.cPrev, 0, hs);
        } else {
            System.arraycopy(traj.hOut, (n - 1) * hs, traj.hPrev, n * hs, hs);
            System.arraycopy(traj.c, (n - 1) * hs, traj.cPrev, n * hs, hs);
        }
        System.arraycopy(u, 0, traj.x, n * d, d);
        net.forward(weights, traj, n);
        System.arraycopy(traj.hOut, n * hs, h, 0, hs);
        System.arraycopy(traj.c, n * hs, c, 0, hs);
        System.arraycopy(traj.y, n * prediction.length, prediction, 0, prediction.length);
        n++;
        hasPrediction = true;
    }

    private void train(double[] lastTarget) {
        int d = net.inputSize();
        int m = net.outputSize();
        for (int k = 0; k + 1 < n; k++) {
            System.arraycopy(traj.x, (k + 1) * d, targets, k * m, m);
        }
        System.arraycopy(lastTarget, 0, targets, (n - 1) * m, m);
        net.backward(weights, traj, n, targets, grad);
        double norm = 0;
        for (double g : grad) {
            norm += g * g;
        }
        norm = Math.sqrt(norm);
        double scale = norm > clip ? clip / norm : 1.0;
        for (int i = 0; i < weights.length; i++) {
            double g = grad[i] * scale;
            rms[i] = (float) (RMS_DECAY * rms[i] + (1 - RMS_DECAY) * g * g);
            weights[i] = (float) (weights[i] - learningRate * g / (Math.sqrt(rms[i]) + 1e-6));
        }
    }

    /** Bytes {@link #writeCompact} writes at most. */
    public int compactBytes() {
        return learn ? 0 : 1 + 16 * net.hiddenSize() + 8 * prediction.length;
    }

    /**
     * Writes the state in the smallest lossless form: without online learning nothing reads the
     * chunk's trajectory again, so only h, c and the forecast are kept (a restored series then
     * continues bit-identically from chunk position 0); with learning, {@link #write}.
     */
    public void writeCompact(ByteBuffer out) {
        if (learn) {
            write(out);
            return;
        }
        out.put((byte) (hasPrediction ? 1 : 0));
        for (int j = 0; j < h.length; j++) {
            out.putDouble(h[j]);
            out.putDouble(c[j]);
        }
        if (hasPrediction) {
            for (double p : prediction) {
                out.putDouble(p);
            }
        }
    }

    /** Reads what {@link #writeCompact} wrote. */
    public void readCompact(ByteBuffer in) {
        if (learn) {
            read(in);
            return;
        }
        byte flag = in.get();
        if (flag != 0 && flag != 1) {
            throw new IllegalArgumentException("LSTM state: prediction flag " + flag);
        }
        hasPrediction = flag == 1;
        n = 0;
        for (int j = 0; j < h.length; j++) {
            h[j] = in.getDouble();
            c[j] = in.getDouble();
        }
        if (hasPrediction) {
            for (int i = 0; i < prediction.length; i++) {
                prediction[i] = in.getDouble();
            }
        } else {
            java.util.Arrays.fill(prediction, 0.0);
        }
    }

    /** Writes the full chunk (start state and inputs), the layout of state versions 1 and 2. */
    public void write(ByteBuffer out) {
        int d = net.inputSize();
        int hs = net.hiddenSize();
        out.put((byte) (hasPrediction ? 1 : 0));
        out.putShort((short) n);
        // chunk start state and inputs; the rest of the trajectory is recomputed on read
        for (int j = 0; j < hs; j++) {
            out.putDouble(traj.hPrev[j]);
            out.putDouble(traj.cPrev[j]);
        }
        for (int i = 0; i < n * d; i++) {
            out.putDouble(traj.x[i]);
        }
        if (learn) {
            for (int i = 0; i < weights.length; i++) {
                out.putFloat((float) weights[i]);
                out.putFloat((float) rms[i]);
            }
        }
        if (n == 0) {
            for (int j = 0; j < hs; j++) {
                out.putDouble(h[j]);
                out.putDouble(c[j]);
            }
        }
    }

    public void read(ByteBuffer in) {
        int d = net.inputSize();
        int hs = net.hiddenSize();
        hasPrediction = in.get() != 0;
        n = in.getShort();
        if (n < 0 || n > traj.capacity()) {
            throw new IllegalArgumentException(
                    "LSTM state: chunk position " + n + " outside [0, " + traj.capacity() + "]");
        }
        for (int j = 0; j < hs; j++) {
            traj.hPrev[j] = in.getDouble();
            traj.cPrev[j] = in.getDouble();
        }
        for (int i = 0; i < n * d; i++) {
            traj.x[i] = in.getDouble();
        }
        if (learn) {
            for (int i = 0; i < weights.length; i++) {
                weights[i] = in.getFloat();
                rms[i] = in.getFloat();
            }
        }
        if (n == 0) {
            for (int j = 0; j < hs; j++) {
                h[j] = in.getDouble();
                c[j] = in.getDouble();
            }
            return;
        }
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                System.arraycopy(traj.hOut, (k - 1) * hs, traj.hPrev, k * hs, hs);
                System.arraycopy(traj.c, (k - 1) * hs, traj.cPrev, k * hs, hs);
            }
            net.forward(weights, traj, k);
        }
        System.arraycopy(traj.hOut, (n - 1) * hs, h, 0, hs);
        System.arraycopy(traj.c, (n - 1) * hs, c, 0, hs);
        System.arraycopy(traj.y, (n - 1) * prediction.length, prediction, 0, prediction.length);
    }
}
