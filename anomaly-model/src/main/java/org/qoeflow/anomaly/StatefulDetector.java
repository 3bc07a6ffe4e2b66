package org.qoeflow.anomaly;

/**
 * A detector whose whole per-series state round-trips through bytes, so that one instance can serve
 * many keys: {@code restore(bytesOfKey)}, {@code score(..)}, then store {@code snapshot()}.
 */
public interface StatefulDetector extends Detector {

    /** Serializes the per-series state (not the shared model). */
    byte[] snapshot();

    /** Replaces the per-series state with one produced by {@link #snapshot()}. */
    void restore(byte[] state);

    /** Resets to the state of a series that has seen no event. */
    void reset();
}
