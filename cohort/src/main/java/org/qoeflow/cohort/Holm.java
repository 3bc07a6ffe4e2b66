package org.qoeflow.cohort;

import java.util.Arrays;
import java.util.Comparator;

/** Holm's step-down adjustment of p-values for a family of tests (controls family-wise error). */
public final class Holm {
    private Holm() {}

    /**
     * Adjusted p-values in the input order: the i-th smallest p becomes {@code max over j <= i of
     * min(1, (m - j) p_(j))}. NaN entries are not tests and stay NaN; they do not count in m.
     */
    public static double[] adjust(double[] p) {
        Integer[] order =
                java.util.stream.IntStream.range(0, p.length)
                        .filter(i -> !Double.isNaN(p[i]))
                        .boxed()
                        .sorted(Comparator.comparingDouble(i -> p[i]))
                        .toArray(Integer[]::new);
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        int m = order.length;
        double running = 0;
        for (int j = 0; j < m; j++) {
            double v = p[order[j]];
            if (v < 0 || v > 1) {
                throw new IllegalArgumentException("p-value must be in [0, 1], got " + v);
            }
            running = Math.max(running, Math.min(1, (m - j) * v));
            out[order[j]] = running;
        }
        return out;
    }
}
