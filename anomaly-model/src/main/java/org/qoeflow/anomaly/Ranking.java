package org.qoeflow.anomaly;

/** Small helper that ranks feature contributions. */
public final class Ranking {
    private Ranking() {}

    /** Indexes of the {@code k} largest values, largest first (ties by lower index). */
    public static int[] topIndexes(double[] values, int k) {
        int m = Math.min(k, values.length);
        int[] top = new int[m];
        boolean[] used = new boolean[values.length];
        for (int r = 0; r < m; r++) {
            int best = -1;
            for (int j = 0; j < values.length; j++) {
                if (!used[j] && (best < 0 || values[j] > values[best])) {
                    best = j;
                }
            }
            used[best] = true;
            top[r] = best;
        }
        return top;
    }
}
