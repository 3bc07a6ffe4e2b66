package org.qoeflow.fleet.client;

import java.time.Instant;
import java.util.Map;
import org.qoeflow.schema.ControlKind;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.Scopes;

/** Builds control updates for tests. */
public final class TestingControl {
    private TestingControl() {}

    public static ControlUpdate offload(
            String deviceClass, long version, double thresholdMs, long validUntil) {
        return ControlUpdate.newBuilder()
                .setScope(Scopes.offload(deviceClass))
                .setKind(ControlKind.OFFLOAD_THRESHOLD)
                .setVersion(version)
                .setIssuedAt(Instant.ofEpochMilli(0))
                .setValidUntil(Instant.ofEpochMilli(validUntil))
                .setOffloadThresholdMs(thresholdMs)
                .setReason("test")
                .build();
    }

    public static ControlUpdate routing(
            String region, long version, Map<String, Double> weights, long validUntil) {
        return ControlUpdate.newBuilder()
                .setScope(Scopes.routing(region))
                .setKind(ControlKind.ROUTING_WEIGHTS)
                .setVersion(version)
                .setIssuedAt(Instant.ofEpochMilli(0))
                .setValidUntil(Instant.ofEpochMilli(validUntil))
                .setRoutingWeights(weights)
                .setReason("test")
                .build();
    }
}
