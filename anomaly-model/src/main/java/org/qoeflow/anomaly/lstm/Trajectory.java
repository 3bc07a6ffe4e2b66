package org.qoeflow.anomaly.lstm;

/** Activations of up to {@code capacity} consecutive LSTM steps, kept for the backward pass. */
public final class Trajectory {
    final int d;
    final int m;
    final int h;
    final int capacity;
    final double[] x;
    final double[] hPrev;
    final double[] cPrev;
    final double[] gates;
    final double[] c;
    final double[] tc;
    final double[] hOut;
    final double[] y;

    public Trajectory(int d, int h, int capacity) {
        this(d, d, h, capacity);
    }

    public Trajectory(int d, int m, int h, int capacity) {
        this.d = d;
        this.m = m;
        this.h = h;
        this.capacity = capacity;
        x = new double[capacity * d];
        hPrev = new double[capacity * h];
        cPrev = new double[capacity * h];
        gates = new double[capacity * 4 * h];
        c = new double[capacity * h];
        tc = new double[capacity * h];
        hOut = new double[capacity * h];
        y = new double[capacity * m];
    }

    /** Prediction (next-step forecast) made at step {@code k}, component {@code j}. */
    public double prediction(int k, int j) {
        return y[k * m + j];
    }

    public int capacity() {
        return capacity;
    }
}
