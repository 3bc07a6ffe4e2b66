package org.qoeflow.fleet.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.qoeflow.fleet.sim.Scenario.Cloud;

/**
 * One region's cloud pool: nodes with {@code slotsPerNode} parallel slots each (a FIFO multi-server
 * queue per node), weighted random routing over the nodes, and an autoscaler that keeps the pool's
 * utilization near its target between min and max nodes, with a scale-up delay.
 */
final class CloudRegion {
    /** One cloud node. */
    static final class Node {
        final String id;
        final int index;
        final double[] slotFree;
        double computeFactor = 1.0;
        double errorProbability;
        double busyMs;
        double latencySumSinceSample;

        Node(String id, int index, int slots) {
            this.id = id;
            this.index = index;
            this.slotFree = new double[slots];
        }
    }

    /** What a request got from the cloud. */
    record Served(Node node, double latencyMs, boolean ok) {}

    final String region;
    private final Cloud spec;
    final List<Node> nodes = new ArrayList<>();
    private final List<Long> pending = new ArrayList<>();
    private int nextIndex;
    private long lowSince = -1;
    private Map<String, Double> weights = Map.of();
    private double[] cumulative;
    private long lastScaleAt;
    private double offeredRps = Double.NaN;

    CloudRegion(String region, Cloud spec) {
        this.region = region;
        this.spec = spec;
        for (int k = 0; k < spec.initialNodes(); k++) {
            addNode();
        }
    }

    private void addNode() {
        int k = nextIndex++;
        nodes.add(new Node(FleetModel.cloudNodeId(region, k), k, spec.slotsPerNode()));
        cumulative = null;
    }

    /** Routing weights in force; nodes without a weight get the mean weight (e.g. just scaled). */
    void setWeights(Map<String, Double> w) {
        weights = w;
        cumulative = null;
    }

    Node pick(SplittableRandom rnd) {
        if (cumulative == null) {
            cumulative = new double[nodes.size()];
            double known = 0;
            int count = 0;
            for (Node n : nodes) {
                Double w = weights.get(n.id);
                if (w != null) {
                    known += w;
                    count++;
                }
            }
            double mean = count == 0 ? 1.0 : known / count;
            double total = 0;
            for (int j = 0; j < nodes.size(); j++) {
                total += weights.getOrDefault(nodes.get(j).id, mean);
                cumulative[j] = total;
            }
            if (total <= 0) {
                for (int j = 0; j < nodes.size(); j++) {
                    cumulative[j] = j + 1;
                }
            }
        }
        double x = rnd.nextDouble() * cumulative[cumulative.length - 1];
        for (int j = 0; j < cumulative.length; j++) {
            if (x < cumulative[j]) {
                return nodes.get(j);
            }
        }
        return nodes.get(nodes.size() - 1);
    }

    /**
     * Serves a request arriving at {@code t} on {@code n}: waits for the earliest free slot; a
     * request that would wait past the timeout fails at the timeout without taking a slot; an
     * erroring node fails fast.
     */
    Served serve(Node n, double t, SplittableRandom rnd) {
        return serve(n, t, rnd.nextGaussian(), rnd.nextDouble(), rnd::nextDouble, true);
    }

    /**
     * The outcome for given draws: {@code z} of the service time, {@code errorU} against the node's
     * error probability, then (only if it does not error) {@code okU} against the failure rate.
     * Without {@code commit} nothing changes: what a clairvoyant placement would see.
     */
    Served serve(
            Node n,
            double t,
            double z,
            double errorU,
            java.util.function.DoubleSupplier okU,
            boolean commit) {
        double service = spec.computeMs() * n.computeFactor * Math.max(0.5, 1 + 0.1 * z);
        if (errorU < n.errorProbability) {
            double fast = 0.1 * service;
            if (commit) {
                n.latencySumSinceSample += fast;
            }
            return new Served(n, fast, false);
        }
        int best = 0;
        for (int s = 1; s < n.slotFree.length; s++) {
            if (n.slotFree[s] < n.slotFree[best]) {
                best = s;
            }
        }
        double start = Math.max(t, n.slotFree[best]);
        if (start - t + service > spec.timeoutMs()) {
            if (commit) {
                n.latencySumSinceSample += spec.timeoutMs();
            }
            return new Served(n, spec.timeoutMs(), false);
        }
        double latency = start - t + service;
        boolean ok = okU.getAsDouble() >= spec.failureRate();
        if (commit) {
            n.slotFree[best] = start + service;
            n.busyMs += service;
            n.latencySumSinceSample += latency;
        }
        return new Served(n, latency, ok);
    }

    /**
     * The offload demand devices offer this region (requests/s, from the controller's metric; NaN =
     * none): the autoscaler then provisions for the larger of its utilization and this demand, so
     * demand the admission cap keeps off the pool still scales it.
     */
    void offerDemand(double rps) {
        offeredRps = rps;
    }

    /** Runs the autoscaler at {@code t} over the last interval; returns the node count. */
    int autoscale(long t) {
        while (!pending.isEmpty() && pending.get(0) <= t) {
            pending.remove(0);
            addNode();
        }
        long interval = t - lastScaleAt;
        if (interval < spec.autoscaleIntervalMs()) {
            return nodes.size();
        }
        lastScaleAt = t;
        double busy = 0;
        for (Node n : nodes) {
            busy += n.busyMs;
            n.busyMs = 0;
        }
        double util = busy / ((double) nodes.size() * spec.slotsPerNode() * interval);
        int desired = (int) Math.ceil(nodes.size() * util / spec.targetUtilization() - 1e-9);
        if (offeredRps > 0) {
            double slotsBusy = offeredRps * spec.computeMs() / 1000.0;
            desired =
                    Math.max(
                            desired,
                            (int)
                                    Math.ceil(
                                            slotsBusy
                                                            / (spec.slotsPerNode()
                                                                    * spec.targetUtilization())
                                                    - 1e-9));
        }
        desired = Math.max(spec.minNodes(), Math.min(spec.maxNodes(), desired));
        int planned = nodes.size() + pending.size();
        for (int k = planned; k < desired; k++) {
            pending.add(t + spec.scaleUpDelayMs());
        }
        if (desired < nodes.size() && pending.isEmpty()) {
            if (lowSince < 0) {
                lowSince = t;
            } else if (t - lowSince >= spec.scaleDownDelayMs()) {
                nodes.remove(nodes.size() - 1);
                cumulative = null;
                lowSince = t;
            }
        } else {
            lowSince = -1;
        }
        return nodes.size();
    }

    /** Node {@code index} if it is currently in the pool. */
    Node node(int index) {
        for (Node n : nodes) {
            if (n.index == index) {
                return n;
            }
        }
        return null;
    }

    Cloud spec() {
        return spec;
    }
}
