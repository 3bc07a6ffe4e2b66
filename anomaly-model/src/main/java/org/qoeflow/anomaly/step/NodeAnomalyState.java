package org.qoeflow.anomaly.step;

/** Per-node keyed state of the anomaly scorer (a Flink POJO): small and model-versioned. */
public class NodeAnomalyState {
    /** Model version the detector state belongs to; a new model resets the node's state. */
    public String modelVersion;

    public byte[] detector;
    public double[] lastFeatures;
    public boolean alert;

    /** "region|tier" of the node, for the nodes-in-alert gauge. */
    public String group;

    public long cleanupTimer;

    public NodeAnomalyState() {}

    /** Approximate bytes held for one node. */
    public int sizeBytes() {
        return (detector == null ? 0 : detector.length)
                + (lastFeatures == null ? 0 : 8 * lastFeatures.length)
                + (modelVersion == null ? 0 : modelVersion.length())
                + (group == null ? 0 : group.length())
                + 16;
    }
}
