package org.qoeflow.fleet;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

/** Filters and summaries over simulated telemetry for tests. */
final class FleetEvents {
    private FleetEvents() {}

    static Stream<Telemetry> requests(List<Telemetry> events) {
        return events.stream().filter(t -> t.getPayload() instanceof RequestFact);
    }

    static Stream<Telemetry> samples(List<Telemetry> events) {
        return events.stream().filter(t -> t.getPayload() instanceof NodeSample);
    }

    static RequestFact fact(Telemetry t) {
        return (RequestFact) t.getPayload();
    }

    static Predicate<Telemetry> edge() {
        return t -> t.getTier() == Tier.EDGE;
    }

    static Predicate<Telemetry> node(String nodeId) {
        return t -> t.getNodeId().equals(nodeId);
    }

    static double[] e2e(Stream<Telemetry> requests) {
        return requests.mapToDouble(t -> fact(t).getE2eMs()).toArray();
    }

    static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    static double stddev(double[] xs) {
        double m = mean(xs);
        double s = 0;
        for (double x : xs) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (xs.length - 1));
    }
}
