package org.qoeflow.controller.law;

import java.time.Duration;
import java.util.Set;
import org.qoeflow.schema.Identifiers;

/**
 * What the controller accepts from the score topics, validated at construction.
 *
 * @param futureSkew a score whose window ends later than now plus this is ignored (clock skew
 *     between the job and the controller)
 * @param maxRegions distinct regions tracked at once
 * @param maxDeviceClasses distinct edge device classes tracked at once
 * @param maxModelVariants distinct edge model variants tracked at once
 * @param maxCloudNodesPerRegion distinct cloud nodes tracked at once per region
 * @param maxEdgeNodes distinct edge nodes tracked at once
 * @param maxLatencyMs largest plausible latency of any latency field
 * @param maxRequests largest plausible request or sample count of one window
 * @param regions the only regions accepted; empty accepts any (up to {@code maxRegions})
 */
public record ScoreLimits(
        Duration futureSkew,
        int maxRegions,
        int maxDeviceClasses,
        int maxModelVariants,
        int maxCloudNodesPerRegion,
        int maxEdgeNodes,
        double maxLatencyMs,
        long maxRequests,
        Set<String> regions) {

    public static final ScoreLimits DEFAULTS =
            new ScoreLimits(
                    Duration.ofSeconds(30),
                    32,
                    64,
                    64,
                    256,
                    100_000,
                    600_000,
                    1_000_000_000L,
                    Set.of());

    public ScoreLimits {
        if (futureSkew == null || futureSkew.isNegative() || futureSkew.toHours() > 24) {
            throw new IllegalArgumentException("futureSkew must be in [0, 24h], was " + futureSkew);
        }
        positive("maxRegions", maxRegions);
        positive("maxDeviceClasses", maxDeviceClasses);
        positive("maxModelVariants", maxModelVariants);
        positive("maxCloudNodesPerRegion", maxCloudNodesPerRegion);
        positive("maxEdgeNodes", maxEdgeNodes);
        if (!(maxLatencyMs > 0) || Double.isInfinite(maxLatencyMs)) {
            throw new IllegalArgumentException(
                    "maxLatencyMs must be positive and finite, was " + maxLatencyMs);
        }
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be >= 1, was " + maxRequests);
        }
        regions = Set.copyOf(regions);
        for (String r : regions) {
            if (!Identifiers.valid(r)) {
                throw new IllegalArgumentException(
                        "regions: '" + r + "' does not match " + Identifiers.SYNTAX);
            }
        }
    }

    /** These limits accepting only {@code allowed} regions (empty: any). */
    public ScoreLimits withRegions(Set<String> allowed) {
        return new ScoreLimits(
                futureSkew,
                maxRegions,
                maxDeviceClasses,
                maxModelVariants,
                maxCloudNodesPerRegion,
                maxEdgeNodes,
                maxLatencyMs,
                maxRequests,
                allowed);
    }

    /** These limits with other scope bounds. */
    public ScoreLimits withScopeBounds(
            int regions, int deviceClasses, int modelVariants, int cloudNodesPerRegion, int edge) {
        return new ScoreLimits(
                futureSkew,
                regions,
                deviceClasses,
                modelVariants,
                cloudNodesPerRegion,
                edge,
                maxLatencyMs,
                maxRequests,
                this.regions);
    }

    private static void positive(String name, int v) {
        if (v < 1 || v > 10_000_000) {
            throw new IllegalArgumentException(name + " must be in [1, 10000000], was " + v);
        }
    }
}
