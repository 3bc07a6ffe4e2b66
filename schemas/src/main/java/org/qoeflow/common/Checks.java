package org.qoeflow.common;

import java.time.Duration;

/**
 * Range checks for settings and inputs, one wording everywhere: the message names the value, the
 * allowed range and what it got ({@code "--window must be > 0, got PT0S"}). NaN is in no range.
 */
public final class Checks {
    private Checks() {}

    /** Null when {@code lo <= v <= hi}, else {@code "<name> must be in [lo, hi], got v"}. */
    public static String rangeProblem(String name, double v, double lo, double hi) {
        return v >= lo && v <= hi
                ? null
                : name + " must be in [" + number(lo) + ", " + number(hi) + "], got " + v;
    }

    public static double inRange(String name, double v, double lo, double hi) {
        String problem = rangeProblem(name, v, lo, hi);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return v;
    }

    public static long inRange(String name, long v, long lo, long hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(
                    name + " must be in [" + lo + ", " + hi + "], got " + v);
        }
        return v;
    }

    public static long atLeast(String name, long v, long min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
        }
        return v;
    }

    /** A finite number above 0. */
    public static double positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + v);
        }
        return v;
    }

    public static Duration positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + d);
        }
        return d;
    }

    public static Duration nonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + d);
        }
        return d;
    }

    /** Whole numbers without a fraction ({@code 600000}, not {@code 600000.0}). */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : Double.toString(v);
    }
}
