package org.qoeflow.cli.stack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

/**
 * Deterministic telemetry for chaos runs: the same seed, nodes, rate and start give the same
 * records in the same order. Each node sends a few requests per second and a sample every 5 s, so
 * every node-window stays far below the KLL sketch's exact capacity and a replay in another process
 * scores every window to the same bits.
 */
public final class ChaosTelemetry {
    private static final String[] REGIONS = {"eu-west", "us-east"};
    private static final String[] EDGE_CLASSES = {"phone-high", "phone-mid", "embedded-low"};

    private ChaosTelemetry() {}

    /**
     * {@code seconds} of telemetry from {@code startMillis} for {@code nodes} nodes (a fifth of
     * them cloud), each sending {@code requestsPerSecond}; in event-time order.
     */
    public static List<Telemetry> generate(
            long seed, int nodes, double requestsPerSecond, int seconds, long startMillis) {
        if (nodes < 1 || requestsPerSecond <= 0 || requestsPerSecond > 20 || seconds < 1) {
            throw new IllegalArgumentException(
                    "need nodes >= 1, 0 < requestsPerSecond <= 20, seconds >= 1; got "
                            + nodes
                            + ", "
                            + requestsPerSecond
                            + ", "
                            + seconds);
        }
        Random random = new Random(seed);
        long stepMillis = Math.max(1, Math.round(1000 / requestsPerSecond));
        List<Telemetry> out = new ArrayList<>();
        for (long t = startMillis; t < startMillis + seconds * 1000L; t += stepMillis) {
            for (int n = 0; n < nodes; n++) {
                boolean cloud = n % 5 == 0;
                String node = (cloud ? "chaos-cloud-" : "chaos-edge-") + n;
                double base = cloud ? 120 : 60 + 20 * (n % 7);
                double e2e =
                        base * (0.5 + random.nextDouble()) + (random.nextInt(50) == 0 ? 800 : 0);
                boolean ok = random.nextInt(40) != 0;
                boolean offloaded = !cloud && random.nextInt(4) == 0;
                out.add(
                        event(
                                node,
                                n,
                                cloud,
                                t + n % 97,
                                new RequestFact(e2e / 3, e2e, ok, offloaded, node + "-" + t)));
                if ((t - startMillis) % 5000 < stepMillis) {
                    out.add(
                            event(
                                    node,
                                    n,
                                    cloud,
                                    t + n % 97 + 1,
                                    new NodeSample(
                                            2000.0 + random.nextInt(400),
                                            cloud ? 250_000.0 : 3000.0,
                                            40.0 + random.nextInt(30),
                                            5000.0 + random.nextInt(5000),
                                            (double) random.nextInt(20),
                                            cloud ? 0.0 : 30 + random.nextInt(30),
                                            random.nextInt(3),
                                            random.nextInt(8),
                                            512.0)));
                }
            }
        }
        return out;
    }

    private static Telemetry event(String node, int n, boolean cloud, long time, Object payload) {
        return Telemetry.newBuilder()
                .setNodeId(node)
                .setTier(cloud ? Tier.CLOUD : Tier.EDGE)
                .setRegion(REGIONS[n % REGIONS.length])
                .setDeviceClass(cloud ? "gpu-a100" : EDGE_CLASSES[n % EDGE_CLASSES.length])
                .setModelVariant(cloud ? "large-fp16" : "tiny-int4")
                .setModelVersion("1")
                .setEventTime(Instant.ofEpochMilli(time))
                .setAppliedControlVersion(0)
                .setPayload(payload)
                .build();
    }
}
