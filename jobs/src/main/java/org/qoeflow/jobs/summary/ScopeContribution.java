package org.qoeflow.jobs.summary;

import org.qoeflow.schema.QoeScore;

/**
 * A device's latest window for its offload scope's summary, or (no score) its leaving the scope. A
 * Flink POJO: public fields, a no-argument constructor.
 */
public final class ScopeContribution {
    /** The offload scope, {@code offload/<region>/<class>/<variant>}. */
    public String scope;

    public String nodeId;

    /** The device's latest score; null when the device left {@link #scope}. */
    public QoeScore score;

    /** The highest control version the device reported having applied. */
    public long applied;

    /** The window end of the score (for a leave: of the score in its new scope). */
    public long windowEnd;

    public ScopeContribution() {}

    ScopeContribution(String scope, String nodeId, QoeScore score, long applied, long windowEnd) {
        this.scope = scope;
        this.nodeId = nodeId;
        this.score = score;
        this.applied = applied;
        this.windowEnd = windowEnd;
    }

    boolean leaves() {
        return score == null;
    }
}
