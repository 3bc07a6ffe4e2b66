package org.qoeflow.jobs.anomaly;

/** The k highest anomaly likelihoods of a region's window, one entry per node (a Flink POJO). */
public class TopKAccumulator {
    public String region;
    public String[] nodeIds = new String[0];
    public String[] tiers = new String[0];
    public double[] likelihoods = new double[0];
    public boolean[] alerts = new boolean[0];

    public TopKAccumulator() {}

    /** Offers one node's score; keeps the node's highest and the k highest overall. */
    public void offer(String node, String tier, double likelihood, boolean alert, int k) {
        int slot = -1;
        for (int i = 0; i < nodeIds.length; i++) {
            if (nodeIds[i].equals(node)) {
                slot = i;
            }
        }
        if (slot < 0 && nodeIds.length < k) {
            grow();
            slot = nodeIds.length - 1;
        } else if (slot < 0) {
            int min = 0;
            for (int i = 1; i < likelihoods.length; i++) {
                if (likelihoods[i] < likelihoods[min]) {
                    min = i;
                }
            }
            if (likelihoods[min] >= likelihood) {
                return;
            }
            slot = min;
        } else if (likelihoods[slot] >= likelihood) {
            return;
        }
        nodeIds[slot] = node;
        tiers[slot] = tier;
        likelihoods[slot] = likelihood;
        alerts[slot] = alert;
    }

    private void grow() {
        int n = nodeIds.length + 1;
        nodeIds = java.util.Arrays.copyOf(nodeIds, n);
        tiers = java.util.Arrays.copyOf(tiers, n);
        likelihoods = java.util.Arrays.copyOf(likelihoods, n);
        alerts = java.util.Arrays.copyOf(alerts, n);
    }
}
