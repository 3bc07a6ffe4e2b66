package org.qoeflow.anomaly;

import java.util.List;

/** Names and order of the per-step feature vector a model was built for. */
public record FeatureSpec(List<String> names) {

    public FeatureSpec {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("FeatureSpec.names must hold at least one feature");
        }
        names = List.copyOf(names);
    }

    /** A single scalar metric, as in NAB. */
    public static FeatureSpec scalar(String name) {
        return new FeatureSpec(List.of(name));
    }

    public int dimension() {
        return names.size();
    }
}
