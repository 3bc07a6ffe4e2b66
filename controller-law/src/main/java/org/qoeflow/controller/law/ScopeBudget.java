package org.qoeflow.controller.law;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/**
 * Bounds the scopes scores can make the controller track: at most so many regions, edge device
 * classes, edge model variants, cloud nodes per region and edge nodes at once. A name is held while
 * scores for it keep arriving and forgotten {@code retention} after its newest window, so a burst
 * of forged names cannot lock real ones out for longer than that.
 */
public final class ScopeBudget {
    private final ScoreLimits limits;
    private final long retentionMillis;
    private final Map<String, Long> regions = new HashMap<>();
    private final Map<String, Long> deviceClasses = new HashMap<>();
    private final Map<String, Long> modelVariants = new HashMap<>();
    private final Map<String, Map<String, Long>> cloudNodes = new HashMap<>();
    private final Map<String, Long> edgeNodes = new HashMap<>();

    public ScopeBudget(ScoreLimits limits, java.time.Duration retention) {
        this.limits = limits;
        this.retentionMillis = retention.toMillis();
    }

    /**
     * Admits a (validated) score if every name it carries is already held or fits its bound;
     * records its names only when it is admitted.
     */
    public Optional<ScoreRejection> admit(QoeScore s, long nowMillis) {
        long seen = s.getWindowEnd().toEpochMilli();
        long cutoff = nowMillis - retentionMillis;
        String region = s.getRegion();
        if (!fits(regions, region, limits.maxRegions(), cutoff)) {
            return Optional.of(ScoreRejection.TOO_MANY_REGIONS);
        }
        if (s.getTier() == Tier.CLOUD) {
            Map<String, Long> nodes = cloudNodes.getOrDefault(region, Map.of());
            if (!fits(nodes, s.getNodeId(), limits.maxCloudNodesPerRegion(), cutoff)) {
                return Optional.of(ScoreRejection.TOO_MANY_CLOUD_NODES);
            }
            touch(regions, region, seen);
            touch(cloudNodes.computeIfAbsent(region, r -> new HashMap<>()), s.getNodeId(), seen);
            return Optional.empty();
        }
        if (!fits(deviceClasses, s.getDeviceClass(), limits.maxDeviceClasses(), cutoff)) {
            return Optional.of(ScoreRejection.TOO_MANY_DEVICE_CLASSES);
        }
        if (!fits(modelVariants, s.getModelVariant(), limits.maxModelVariants(), cutoff)) {
            return Optional.of(ScoreRejection.TOO_MANY_MODEL_VARIANTS);
        }
        if (!fits(edgeNodes, s.getNodeId(), limits.maxEdgeNodes(), cutoff)) {
            return Optional.of(ScoreRejection.TOO_MANY_EDGE_NODES);
        }
        touch(regions, region, seen);
        touch(deviceClasses, s.getDeviceClass(), seen);
        touch(modelVariants, s.getModelVariant(), seen);
        touch(edgeNodes, s.getNodeId(), seen);
        return Optional.empty();
    }

    /** Distinct regions held now (for tests and metrics). */
    public int regions() {
        return regions.size();
    }

    /** True if {@code name} is held or there is room for it, after forgetting stale names. */
    private static boolean fits(Map<String, Long> held, String name, int max, long cutoff) {
        if (held.containsKey(name) || held.size() < max) {
            return true;
        }
        // Full: only now pay for a sweep, so the common path stays O(1).
        held.values().removeIf(at -> at < cutoff);
        return held.size() < max;
    }

    private static void touch(Map<String, Long> held, String name, long seen) {
        held.merge(name, seen, Math::max);
    }
}
