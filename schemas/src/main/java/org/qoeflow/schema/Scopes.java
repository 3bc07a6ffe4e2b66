package org.qoeflow.schema;

/** Names of control scopes, the keys of the compacted control topic. */
public final class Scopes {
    public static final String OFFLOAD_PREFIX = "offload/";
    public static final String ROUTING_PREFIX = "routing/";

    private Scopes() {}

    /** Scope of the offload threshold of one edge device class. */
    public static String offload(String deviceClass) {
        return OFFLOAD_PREFIX + deviceClass;
    }

    /** Scope of the routing weights over one region's cloud nodes. */
    public static String routing(String region) {
        return ROUTING_PREFIX + region;
    }
}
