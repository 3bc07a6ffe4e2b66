package org.qoeflow.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.metrics.MetricGroup;

/**
 * Metric holders per (region, tier), registered under the Flink groups {@code region} and {@code
 * tier} so the Prometheus reporter turns them into labels. Region names come from telemetry, so the
 * number of groups is capped: regions beyond the cap share the region label {@value #OTHER}.
 */
public final class RegionTierGroups<T> {
    public static final String OTHER = "other";
    public static final int MAX_GROUPS = 64;

    private final MetricGroup parent;
    private final Function<MetricGroup, T> factory;
    private final Map<String, T> groups = new HashMap<>();

    public RegionTierGroups(MetricGroup parent, Function<MetricGroup, T> factory) {
        this.parent = parent;
        this.factory = factory;
    }

    /** The holder of {@code region} and {@code tier}, registering its metrics on first use. */
    public T get(String region, String tier) {
        T existing = groups.get(region + '|' + tier);
        if (existing != null) {
            return existing;
        }
        String label = groups.size() < MAX_GROUPS ? region : OTHER;
        return groups.computeIfAbsent(
                label + '|' + tier,
                k -> factory.apply(parent.addGroup("region", label).addGroup("tier", tier)));
    }

    /** Groups registered so far. */
    public int size() {
        return groups.size();
    }
}
