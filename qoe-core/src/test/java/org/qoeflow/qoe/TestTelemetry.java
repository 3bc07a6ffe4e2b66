package org.qoeflow.qoe;

import java.time.Instant;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

/** Builders of telemetry events for tests. */
public final class TestTelemetry {
    private TestTelemetry() {}

    public static Telemetry request(String node, long time, double e2eMs, boolean ok) {
        return request(node, time, e2eMs, ok, false, 0);
    }

    public static Telemetry request(
            String node, long time, double e2eMs, boolean ok, boolean offloaded, long version) {
        return base(node, time, version)
                .setPayload(new RequestFact(e2eMs / 2, e2eMs, ok, offloaded, null))
                .build();
    }

    /** A request with a request id, for deduplication. */
    public static Telemetry request(String node, long time, double e2eMs, String requestId) {
        return base(node, time, 0)
                .setPayload(new RequestFact(e2eMs / 2, e2eMs, true, false, requestId))
                .build();
    }

    public static Telemetry sample(String node, long time, double temperature) {
        return base(node, time, 0)
                .setPayload(
                        new NodeSample(
                                2000.0, 3000.0, temperature, 2500.0, 30.0, 45.0, 1, 2, 512.0))
                .build();
    }

    private static Telemetry.Builder base(String node, long time, long version) {
        return Telemetry.newBuilder()
                .setNodeId(node)
                .setTier(Tier.EDGE)
                .setRegion("eu-west")
                .setDeviceClass("phone-high")
                .setModelVariant("tiny-int4")
                .setModelVersion("1")
                .setEventTime(Instant.ofEpochMilli(time))
                .setAppliedControlVersion(version);
    }
}
