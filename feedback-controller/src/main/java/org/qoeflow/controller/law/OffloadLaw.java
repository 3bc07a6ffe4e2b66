package org.qoeflow.controller.law;

import java.util.List;
import java.util.Locale;
import org.qoeflow.schema.ControlKind;

/**
 * Moves a device class's offload threshold toward the latency the cloud actually delivers to that
 * class: an edge device offloads when it expects to be slower than the cloud. When the cloud pool
 * is overloaded the target is raised, which throttles offloading.
 */
public final class OffloadLaw {
    private final ControlOptions options;

    public OffloadLaw(ControlOptions options) {
        this.options = options;
    }

    /** The next threshold for one device class. */
    public Decision decide(
            String scope, List<NodeView> edgeNodes, List<NodeView> cloudNodes, double previous) {
        double cloudSeen = weightedMean(edgeNodes, true);
        String source = "offloaded";
        if (Double.isNaN(cloudSeen)) {
            cloudSeen = meanCloudP95(cloudNodes);
            source = "cloud-p95+network";
            if (!Double.isNaN(cloudSeen)) {
                cloudSeen += options.defaultNetworkMs();
            }
        }
        if (Double.isNaN(cloudSeen)) {
            return new Decision(
                    scope, ControlKind.OFFLOAD_THRESHOLD, previous, null, "hold:no-cloud-data");
        }
        double target = cloudSeen;
        double cloudLoad = meanLoad(cloudNodes);
        String overload = "";
        if (cloudLoad > options.cloudOverloadLoad()) {
            double excess =
                    (cloudLoad - options.cloudOverloadLoad())
                            / (1 - options.cloudOverloadLoad() + 1e-9);
            target *= 1 + 2 * excess;
            overload = String.format(Locale.ROOT, ";cloud-overload=%.2f", cloudLoad);
        }
        double step = options.thresholdGain() * (target - previous);
        step =
                Math.max(
                        -options.thresholdMaxStepMs(),
                        Math.min(options.thresholdMaxStepMs(), step));
        double next =
                Math.max(
                        options.thresholdMinMs(),
                        Math.min(options.thresholdMaxMs(), previous + step));
        String reason =
                String.format(
                        Locale.ROOT,
                        "track-cloud-latency:%s=%.0fms%s",
                        source,
                        cloudSeen,
                        overload);
        return new Decision(scope, ControlKind.OFFLOAD_THRESHOLD, next, null, reason);
    }

    private static double weightedMean(List<NodeView> nodes, boolean offloaded) {
        double sum = 0;
        double weight = 0;
        for (NodeView n : nodes) {
            double v = offloaded ? n.offloadedLatencyMs() : n.localLatencyMs();
            if (!Double.isNaN(v)) {
                double w = Math.max(1, n.requests());
                sum += v * w;
                weight += w;
            }
        }
        return weight == 0 ? Double.NaN : sum / weight;
    }

    private static double meanCloudP95(List<NodeView> cloud) {
        return cloud.stream()
                .mapToDouble(NodeView::p95Ms)
                .filter(v -> !Double.isNaN(v))
                .average()
                .orElse(Double.NaN);
    }

    private static double meanLoad(List<NodeView> cloud) {
        return cloud.stream().mapToDouble(NodeView::loadWeight).average().orElse(0);
    }
}
