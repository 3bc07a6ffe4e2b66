package org.qoeflow.anomaly.step;

import org.qoeflow.anomaly.StatefulDetector;

/**
 * Per-node keyed state of the anomaly scorer: model-versioned, with the detector's per-series state
 * either as the detector's own bytes ({@link #detector}) or as a live per-node detector ({@link
 * #live}); at most one of the two is set.
 */
public class NodeAnomalyState {
    /** Model version the detector state belongs to; a new model resets the node's state. */
    public String modelVersion;

    /** The detector's per-series state as {@link StatefulDetector#snapshot()} wrote it. */
    public byte[] detector;

    /**
     * This node's own detector instance, when the state lives on the heap (no byte round trip per
     * step); written as {@link #detector} bytes whenever the state is serialized.
     */
    public StatefulDetector live;

    public double[] lastFeatures;
    public boolean alert;

    /** "region|tier" of the node, for the nodes-in-alert gauge. */
    public String group;

    public long cleanupTimer;

    /** End of the last window scored, for the state's time to live. */
    public long lastWindowEnd;

    public NodeAnomalyState() {}

    /** The detector state as bytes: the live detector's snapshot if there is one. */
    public byte[] detectorBytes() {
        return live != null ? live.snapshot() : detector;
    }

    /** Approximate bytes held for one node. */
    public int sizeBytes() {
        return (detector == null ? 0 : detector.length)
                + (lastFeatures == null ? 0 : 8 * lastFeatures.length)
                + (modelVersion == null ? 0 : modelVersion.length())
                + (group == null ? 0 : group.length())
                + 16;
    }
}
