package org.qoeflow.fleet;

import java.time.Instant;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

/** Builds the fleet's {@link Telemetry} events. */
final class Events {
    private Events() {}

    static Telemetry edge(
            String nodeId,
            String region,
            DeviceClass c,
            String modelVariant,
            long t,
            long version,
            Object payload) {
        return new Telemetry(
                nodeId,
                Tier.EDGE,
                region,
                c.label(),
                modelVariant,
                FleetSimulator.EDGE_MODEL_VERSION,
                Instant.ofEpochMilli(t),
                version,
                payload);
    }

    static Telemetry cloud(String nodeId, String region, long t, long version, Object payload) {
        return new Telemetry(
                nodeId,
                Tier.CLOUD,
                region,
                DeviceClass.GPU_A100.label(),
                FleetSimulator.CLOUD_MODEL_VARIANT,
                FleetSimulator.CLOUD_MODEL_VERSION,
                Instant.ofEpochMilli(t),
                version,
                payload);
    }

    static RequestFact request(double ttftMs, double e2eMs, boolean success, boolean offloaded) {
        return new RequestFact(ttftMs, e2eMs, success, offloaded, null);
    }
}
