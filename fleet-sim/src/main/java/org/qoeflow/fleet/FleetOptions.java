package org.qoeflow.fleet;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validated configuration of a {@link FleetSimulator}; invalid values fail with a message naming
 * the field and its allowed range.
 *
 * @param edgeNodes edge devices, 1..1,000,000 (default 1,000)
 * @param cloudNodes cloud nodes, spread round-robin over regions, regions.size()..10,000 (default
 *     8)
 * @param regions distinct region names without '/', at least one (default eu-west, us-east)
 * @param requestsPerSecond total fleet request rate, 0..10,000,000 (default 200)
 * @param seed random seed; the same seed and calls give the same events (default 42)
 * @param defaultOffloadThresholdMs threshold used while no control update is held, &gt; 0 (default
 *     400)
 * @param cloudCapacityRps requests per second one cloud node serves at utilization 1, &gt; 0
 *     (default 40)
 * @param baseFailureProbability failure probability of a healthy request, 0..1 (default 0.002)
 * @param classMix edge device class label to relative share, weights &ge; 0 with a positive sum
 *     (default phone-high 0.3, phone-mid 0.5, embedded-low 0.2)
 */
public record FleetOptions(
        int edgeNodes,
        int cloudNodes,
        List<String> regions,
        double requestsPerSecond,
        long seed,
        double defaultOffloadThresholdMs,
        double cloudCapacityRps,
        double baseFailureProbability,
        Map<String, Double> classMix) {

    public FleetOptions {
        regions = List.copyOf(regions == null ? List.of() : regions);
        classMix = copyMix(classMix);
        if (regions.isEmpty() || new HashSet<>(regions).size() != regions.size()) {
            throw new IllegalArgumentException(
                    "regions must be a non-empty list of distinct names");
        }
        for (String r : regions) {
            if (r.isBlank() || r.contains("/")) {
                throw new IllegalArgumentException(
                        "regions: '" + r + "' must be non-blank and contain no '/'");
            }
        }
        range("edgeNodes", edgeNodes, 1, 1_000_000);
        range("cloudNodes", cloudNodes, regions.size(), 10_000);
        range("requestsPerSecond", requestsPerSecond, 0, 10_000_000);
        positive("defaultOffloadThresholdMs", defaultOffloadThresholdMs);
        positive("cloudCapacityRps", cloudCapacityRps);
        range("baseFailureProbability", baseFailureProbability, 0, 1);
        double sum = 0;
        for (Map.Entry<String, Double> e : classMix.entrySet()) {
            DeviceClass.edgeClass(e.getKey());
            range("classMix[" + e.getKey() + "]", e.getValue(), 0, Double.MAX_VALUE);
            sum += e.getValue();
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("classMix must have a positive total weight");
        }
    }

    /** The defaults listed on the record. */
    public static FleetOptions defaults() {
        Map<String, Double> mix = new LinkedHashMap<>();
        mix.put(DeviceClass.PHONE_HIGH.label(), 0.3);
        mix.put(DeviceClass.PHONE_MID.label(), 0.5);
        mix.put(DeviceClass.EMBEDDED_LOW.label(), 0.2);
        return new FleetOptions(
                1_000, 8, List.of("eu-west", "us-east"), 200, 42L, 400, 40, 0.002, mix);
    }

    public FleetOptions withEdgeNodes(int v) {
        return toBuilder().edgeNodes(v).build();
    }

    public FleetOptions withCloudNodes(int v) {
        return toBuilder().cloudNodes(v).build();
    }

    public FleetOptions withRegions(List<String> v) {
        return toBuilder().regions(v).build();
    }

    public FleetOptions withRequestsPerSecond(double v) {
        return toBuilder().requestsPerSecond(v).build();
    }

    public FleetOptions withSeed(long v) {
        return toBuilder().seed(v).build();
    }

    public FleetOptions withDefaultOffloadThresholdMs(double v) {
        return toBuilder().defaultOffloadThresholdMs(v).build();
    }

    public FleetOptions withCloudCapacityRps(double v) {
        return toBuilder().cloudCapacityRps(v).build();
    }

    public FleetOptions withBaseFailureProbability(double v) {
        return toBuilder().baseFailureProbability(v).build();
    }

    public FleetOptions withClassMix(Map<String, Double> v) {
        return toBuilder().classMix(v).build();
    }

    /** A builder starting from these options; {@link Builder#build()} validates. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-with for the record: set what changes, {@link #build()} validates the whole. */
    public static final class Builder {
        private int edgeNodes;
        private int cloudNodes;
        private List<String> regions;
        private double requestsPerSecond;
        private long seed;
        private double defaultOffloadThresholdMs;
        private double cloudCapacityRps;
        private double baseFailureProbability;
        private Map<String, Double> classMix;

        private Builder(FleetOptions o) {
            this.edgeNodes = o.edgeNodes;
            this.cloudNodes = o.cloudNodes;
            this.regions = o.regions;
            this.requestsPerSecond = o.requestsPerSecond;
            this.seed = o.seed;
            this.defaultOffloadThresholdMs = o.defaultOffloadThresholdMs;
            this.cloudCapacityRps = o.cloudCapacityRps;
            this.baseFailureProbability = o.baseFailureProbability;
            this.classMix = o.classMix;
        }

        public Builder edgeNodes(int v) {
            this.edgeNodes = v;
            return this;
        }

        public Builder cloudNodes(int v) {
            this.cloudNodes = v;
            return this;
        }

        public Builder regions(List<String> v) {
            this.regions = v;
            return this;
        }

        public Builder requestsPerSecond(double v) {
            this.requestsPerSecond = v;
            return this;
        }

        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        public Builder defaultOffloadThresholdMs(double v) {
            this.defaultOffloadThresholdMs = v;
            return this;
        }

        public Builder cloudCapacityRps(double v) {
            this.cloudCapacityRps = v;
            return this;
        }

        public Builder baseFailureProbability(double v) {
            this.baseFailureProbability = v;
            return this;
        }

        public Builder classMix(Map<String, Double> v) {
            this.classMix = v;
            return this;
        }

        public FleetOptions build() {
            return new FleetOptions(
                    edgeNodes,
                    cloudNodes,
                    regions,
                    requestsPerSecond,
                    seed,
                    defaultOffloadThresholdMs,
                    cloudCapacityRps,
                    baseFailureProbability,
                    classMix);
        }
    }

    private static Map<String, Double> copyMix(Map<String, Double> mix) {
        if (mix == null
                || mix.entrySet().stream()
                        .anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
            throw new IllegalArgumentException(
                    "classMix must be a map without null keys or values");
        }
        return Map.copyOf(mix);
    }

    private static void range(String field, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(
                    field + " must be in [" + min + ", " + max + "], was " + v);
        }
    }

    private static void range(String field, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(
                    field + " must be in [" + min + ", " + max + "], was " + v);
        }
    }

    private static void positive(String field, double v) {
        if (!(v > 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(field + " must be finite and > 0, was " + v);
        }
    }
}
