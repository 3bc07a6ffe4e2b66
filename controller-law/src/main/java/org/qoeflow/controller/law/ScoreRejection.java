package org.qoeflow.controller.law;

/** Why the controller refused a score at its boundary; {@link #label()} is a metric label. */
public enum ScoreRejection {
    /** A required field is null. */
    MISSING("missing"),
    /** Node id, region, device class or model variant outside {@link Identifiers#SYNTAX}. */
    IDENTIFIER("identifier"),
    /** NaN or infinite number. */
    NOT_FINITE("not_finite"),
    /** A number outside its plausible range (rates outside [0, 1], negative counts, ...). */
    OUT_OF_RANGE("out_of_range"),
    /** Window start after its end, or a window longer than a day. */
    WINDOW("window"),
    /** Window end beyond now plus the allowed clock skew. */
    FUTURE("future"),
    /** A region not in the configured allow-list. */
    UNKNOWN_REGION("unknown_region"),
    /** A new region beyond {@link ScoreLimits#maxRegions}. */
    TOO_MANY_REGIONS("too_many_regions"),
    /** A new edge device class beyond {@link ScoreLimits#maxDeviceClasses}. */
    TOO_MANY_DEVICE_CLASSES("too_many_device_classes"),
    /** A new edge model variant beyond {@link ScoreLimits#maxModelVariants}. */
    TOO_MANY_MODEL_VARIANTS("too_many_model_variants"),
    /** A new cloud node beyond {@link ScoreLimits#maxCloudNodesPerRegion} in its region. */
    TOO_MANY_CLOUD_NODES("too_many_cloud_nodes"),
    /** A new edge node beyond {@link ScoreLimits#maxEdgeNodes}. */
    TOO_MANY_EDGE_NODES("too_many_edge_nodes"),
    /** Valid by every check, yet the fleet view threw on it (a bug; counted, not fatal). */
    ERROR("error");

    private final String label;

    ScoreRejection(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
