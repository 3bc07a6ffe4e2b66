package org.qoeflow.controller.law;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.qoeflow.schema.ControlKind;

/**
 * Weights over a region's cloud nodes, inversely proportional to each node's cost: its latency
 * times (in-flight + 1), failed requests charged a penalty latency (a node that fails fast must not
 * look fast), tracked as a peak EWMA (a jump past {@link RoutingOptions#costPeakRatio} is taken at
 * once, anything else is smoothed). Nodes under the success floor, and nodes in anomaly alert whose
 * own cost also exceeds their peers' (an alert alone is only noted in the reason), are drained to 0
 * at once, healthy nodes keep a probe floor, and every other change is smoothed, rate-limited and
 * skipped inside a deadband so weights do not oscillate.
 */
public final class RoutingLaw {
    private final LawOptions law;
    private final Map<String, Double> peakCost = new HashMap<>();
    private final Map<String, Long> drainHold = new HashMap<>();

    /** Drains of a node in a row without a long healthy spell between them. */
    private final Map<String, Integer> strikes = new HashMap<>();

    private final Map<String, Long> healthyDecisions = new HashMap<>();

    public RoutingLaw(LawOptions law) {
        this.law = law;
    }

    /** New weights (summing to 1) given the region's fresh nodes and the previous weights. */
    public Decision decide(String scope, List<NodeView> nodes, Map<String, Double> previous) {
        return decide(scope, nodes, previous, Set.of());
    }

    /**
     * As above; nodes the anomaly model alerted on recently are drained too when their cost
     * corroborates the alert (see {@link DrainOptions#anomalyCostMargin}), or were drained already.
     */
    public Decision decide(
            String scope,
            List<NodeView> nodes,
            Map<String, Double> previous,
            Set<String> anomalous) {
        TreeSet<String> lowSuccess = new TreeSet<>();
        TreeSet<String> drainedAnomalous = new TreeSet<>();
        TreeSet<String> alerted = new TreeSet<>();
        Map<String, Double> cost = new HashMap<>();
        long hold =
                Math.max(
                        1,
                        law.drain().anomalyHold().toMillis()
                                / Math.max(1, law.loop().decisionInterval().toMillis()));
        drainHold.replaceAll((node, left) -> left - 1);
        // A node back from its drain is judged afresh: the cost it had while failing is what the
        // drain answered, and keeping that peak held it at the probe floor for minutes.
        drainHold.forEach(
                (node, left) -> {
                    if (left <= 0) {
                        peakCost.remove(node);
                    }
                });
        drainHold.values().removeIf(left -> left <= 0);
        TreeSet<String> released = releaseHoldsBesideAFailingNode(nodes);
        double meanRequests = meanServedRequests(nodes);
        double served = 0, failed = 0;
        for (NodeView n : nodes) {
            served += n.requests();
            failed += failures(n);
        }
        for (NodeView n : nodes) {
            if (n.successRate() < law.drain().successFloor()
                    && failsMoreThanPeers(n, served, failed)
                    && !busierThanPeers(n, meanRequests)) {
                // Held drained: with no traffic it would look healthy again at once and flap. A
                // node that fails again soon after its probe is held twice as long (up to 8x),
                // so a lasting burst costs a few drain-probe cycles, not one a minute.
                if (!drainHold.containsKey(n.nodeId())) {
                    strikes.merge(n.nodeId(), 1, Integer::sum);
                }
                int k = Math.min(3, strikes.get(n.nodeId()) - 1);
                drainHold.put(
                        n.nodeId(), Math.max(drainHold.getOrDefault(n.nodeId(), 0L), hold << k));
                healthyDecisions.remove(n.nodeId());
                lowSuccess.add(n.nodeId());
            } else if (drainHold.containsKey(n.nodeId())) {
                lowSuccess.add(n.nodeId());
            } else if (anomalous.contains(n.nodeId())) {
                alerted.add(n.nodeId());
            }
            if (!lowSuccess.contains(n.nodeId())
                    && healthyDecisions.merge(n.nodeId(), 1L, Long::sum) > 10 * hold) {
                strikes.remove(n.nodeId()); // healthy for ten holds: forgive earlier drains
            }
            double c = observedCost(n);
            if (!Double.isNaN(c)) {
                cost.put(n.nodeId(), peakEwma(n.nodeId(), c));
            }
        }
        TreeSet<String> uncorroborated = new TreeSet<>();
        Map<String, NodeView> byId = new HashMap<>();
        nodes.forEach(n -> byId.put(n.nodeId(), n));
        for (String id : alerted) {
            if (Double.valueOf(0.0).equals(previous.get(id))
                    || (costlierThanPeers(id, cost, previous, lowSuccess)
                            && !busierThanPeers(byId.get(id), meanRequests))) {
                drainedAnomalous.add(id);
            } else {
                uncorroborated.add(id);
            }
        }
        double joinWeight =
                nodes.stream()
                        .map(n -> previous.get(n.nodeId()))
                        .filter(w -> w != null && w > 0)
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElse(1.0 / nodes.size());
        TreeSet<String> spared = spareBeyondBudget(drainedAnomalous, nodes.size(), previous);
        TreeSet<String> drained = new TreeSet<>(lowSuccess);
        drained.addAll(drainedAnomalous);
        String reason;
        Map<String, Double> target = new HashMap<>();
        // nodes that step from their own weight: smoothed and rate-limited, no weight deadband
        Set<String> stepped = new java.util.HashSet<>();
        if (drained.size() == nodes.size()) {
            // Every node is failing: draining all of them would route nowhere.
            nodes.forEach(n -> target.put(n.nodeId(), 1.0));
            drained.clear();
            reason = "all-below-success-floor:uniform";
        } else {
            // A node without requests gets the median cost: it is probed, not starved.
            double probe = median(cost, drained);
            double meanCost = 0, weightSum = 0;
            for (NodeView n : nodes) {
                Double w = previous.get(n.nodeId());
                if (!drained.contains(n.nodeId()) && w != null && w > 0) {
                    meanCost += w * cost.getOrDefault(n.nodeId(), probe);
                    weightSum += w;
                }
            }
            meanCost = weightSum > 0 ? meanCost / weightSum : probe;
            for (NodeView n : nodes) {
                if (drained.contains(n.nodeId())) {
                    continue;
                }
                double c = cost.getOrDefault(n.nodeId(), probe);
                if (weightSum == 0) {
                    // Nothing to step from (the region's first decision): inverse cost.
                    target.put(n.nodeId(), 1.0 / c);
                    continue;
                }
                // Toward equal cost in small multiplicative steps, not to 1 / cost at once: a
                // node's cost rises steeply with its own share and the law sees it a window
                // late, so jumping to the inverse of the last window's cost herds traffic from
                // node to node (measured in the traffic peak: equal nodes swinging between 0.1
                // and 0.6, 1.14 reversals per node per minute). Costs within the deadband of the
                // mean count as equal. A node new to the law (joining, back from a drain) steps
                // from the mean weight.
                Double w = previous.get(n.nodeId());
                boolean known = w != null && w > 0;
                double ratio = meanCost / c;
                if (known) {
                    stepped.add(n.nodeId());
                    if (Math.abs(Math.log(ratio))
                            < Math.log1p(law.routing().routingCostDeadband())) {
                        ratio = 1;
                    }
                }
                double factor =
                        Math.max(0.5, Math.min(2, Math.pow(ratio, law.routing().routingGain())));
                target.put(n.nodeId(), (known ? w : joinWeight) * factor);
            }
            reason = "peak-ewma-cost";
            if (!lowSuccess.isEmpty()) {
                reason += ";drained=" + lowSuccess;
            }
            if (!drainedAnomalous.isEmpty()) {
                reason += ";drained-anomaly=" + drainedAnomalous;
            }
            if (!spared.isEmpty()) {
                reason += ";anomaly-drain-budget-spared=" + spared;
            }
            if (!released.isEmpty()) {
                reason += ";released=" + released;
            }
            if (!uncorroborated.isEmpty()) {
                reason += ";anomaly-uncorroborated=" + uncorroborated;
            }
        }
        normalizeWithFloor(target);
        Map<String, Double> out = new TreeMap<>();
        for (NodeView n : nodes) {
            String id = n.nodeId();
            double t = target.getOrDefault(id, 0.0);
            Double prev = previous.get(id);
            if (prev == null && !previous.isEmpty() && !drained.contains(id)) {
                // A joining node enters at the mean weight (what the fleet gives a node it has
                // no weight for) and then moves like any other: its first window, served with an
                // empty queue, makes it look far cheaper than it will be under its share.
                prev = joinWeight;
            }
            if (drained.contains(id) || prev == null) {
                out.put(id, t);
            } else {
                out.put(id, limited(prev, t, !stepped.contains(id)));
            }
        }
        normalize(out);
        return new Decision(scope, ControlKind.ROUTING_WEIGHTS, null, out, reason);
    }

    /**
     * Ends the drain holds of a region whose only serving node fails at least {@code
     * drainPeerMargin} of its requests (the margin a drain asks over the peers, whose held, idle
     * windows fail nothing), and returns the nodes released. With every peer held drained and
     * serving nothing, the failing node has nothing to be compared with ({@link
     * #failsMoreThanPeers}), its cost is the region's mean cost, and it has nowhere to shed its
     * traffic: the law kept all of it there through the fault (the loop bench's 1000 s run: a node
     * failing half its requests held at weight 1 for 25-35 s while both its peers sat out escalated
     * holds from earlier faults; released only under the success floor, a window's early partial
     * score at 81-88% success still changed nothing). A hold is a guess that a drained node would
     * fail again; the failing window is evidence. The released nodes are probed like any node back
     * from its drain (from 0, rate-limited, cost judged afresh), keep their strikes, and the next
     * decision compares the failing node with them.
     */
    private TreeSet<String> releaseHoldsBesideAFailingNode(List<NodeView> nodes) {
        TreeSet<String> held = new TreeSet<>();
        boolean failing = false;
        for (NodeView n : nodes) {
            if (drainHold.containsKey(n.nodeId())) {
                if (n.requests() > 0) {
                    return new TreeSet<>(); // a held node that serves can be compared with
                }
                held.add(n.nodeId());
            } else if (n.requests() > 0 && 1 - n.successRate() >= law.drain().drainPeerMargin()) {
                failing = true;
            } else {
                return new TreeSet<>(); // a peer neither held nor failing takes the traffic
            }
        }
        if (!failing || held.isEmpty()) {
            return new TreeSet<>();
        }
        for (String id : held) {
            drainHold.remove(id);
            peakCost.remove(id);
        }
        return held;
    }

    /**
     * Keeps at most {@code maxAnomalyDrainShare} of the region's nodes (at least one) drained on
     * anomaly alerts alone, removing the rest from {@code alerted} and returning them. Nodes
     * already drained (weight 0) keep their place first, then by id: an alert is a statistical
     * judgment, and draining most of a pool on alerts would overload what is left — whose load
     * shift then looks anomalous too (seen in the demo: two of three nodes of a region drained
     * together). Nodes failing requests are drained by the success floor regardless.
     */
    private TreeSet<String> spareBeyondBudget(
            TreeSet<String> alerted, int nodes, Map<String, Double> previous) {
        int budget =
                Math.max(1, (int) Math.floor(nodes * law.drain().maxAnomalyDrainShare() + 1e-9));
        TreeSet<String> spared = new TreeSet<>();
        if (alerted.size() <= budget) {
            return spared;
        }
        java.util.List<String> order = new java.util.ArrayList<>(alerted);
        order.sort(
                java.util.Comparator.comparing((String id) -> previous.getOrDefault(id, 1.0) > 0)
                        .thenComparing(id -> id));
        for (String id : order.subList(budget, order.size())) {
            spared.add(id);
        }
        alerted.removeAll(spared);
        return spared;
    }

    /**
     * Whether the law's own evidence backs an anomaly alert on {@code id}: its cost is above the
     * mean cost of its region's other serving nodes (weighted by their current weights, equal
     * weights at the region's first decision) by more than {@code anomalyCostMargin}. A node
     * without requests, or without peers to compare with, has no such evidence.
     */
    private boolean costlierThanPeers(
            String id, Map<String, Double> cost, Map<String, Double> previous, Set<String> out) {
        Double own = cost.get(id);
        if (own == null) {
            return false;
        }
        double sum = 0, weights = 0;
        for (var e : cost.entrySet()) {
            Double w = previous.isEmpty() ? Double.valueOf(1.0) : previous.get(e.getKey());
            if (!e.getKey().equals(id) && !out.contains(e.getKey()) && w != null && w > 0) {
                sum += w * e.getValue();
                weights += w;
            }
        }
        return weights > 0 && own > (1 + law.drain().anomalyCostMargin()) * sum / weights;
    }

    /**
     * Whether {@code n} served more than its peers by more than {@code routingCostDeadband} (the
     * law's "counts as equal" tolerance): failing or costing more because routing gave it more load
     * (an overloaded pool, a node that took over a drained one's share) is congestion, not a fault,
     * and draining it would pile its load on the rest; its cost derates it instead.
     */
    private boolean busierThanPeers(NodeView n, double meanRequests) {
        return meanRequests > 0
                && n.requests() > (1 + law.routing().routingCostDeadband()) * meanRequests;
    }

    /**
     * Whether {@code n} fails more than the rest of its region's nodes, on counts: its failure rate
     * is at least {@code drainPeerMargin} above theirs, and its failure count is unlikely at their
     * rate (binomial upper tail below {@code drainSignificance}). A fixed margin on noisy rates
     * drained four of five nodes of a region that all failed 40% alike (one window's noise crossed
     * it against the median); without peers that served anything there is nothing to compare.
     */
    private boolean failsMoreThanPeers(NodeView n, double served, double failed) {
        long trials = n.requests();
        double restRequests = served - trials;
        if (trials <= 0 || restRequests <= 0) {
            return false;
        }
        long own = Math.round(failures(n));
        double restRate = Math.max(0, Math.min(1, (failed - failures(n)) / restRequests));
        if ((double) own / trials < restRate + law.drain().drainPeerMargin()) {
            return false;
        }
        if (own > Integer.MAX_VALUE || trials > Integer.MAX_VALUE) {
            return true; // beyond the test's range the margin alone is conclusive
        }
        double p =
                new BinomialTest()
                        .binomialTest(
                                (int) trials,
                                (int) own,
                                restRate,
                                AlternativeHypothesis.GREATER_THAN);
        return p < law.drain().drainSignificance();
    }

    /** Failed requests of a node's window. */
    private static double failures(NodeView n) {
        if (n.requests() <= 0 || Double.isNaN(n.successRate())) {
            return 0;
        }
        return n.requests() * (1 - Math.max(0, Math.min(1, n.successRate())));
    }

    /** Mean requests of the nodes that served any (0 if none did). */
    private static double meanServedRequests(List<NodeView> nodes) {
        return nodes.stream()
                .filter(n -> n.requests() > 0)
                .mapToLong(NodeView::requests)
                .average()
                .orElse(0);
    }

    /**
     * Latency x (in-flight + 1); failures are charged {@code failurePenaltyMs}. In-flight is the
     * reported queue depth, else estimated from the load weight as rho / (1 - rho). NaN if the node
     * served nothing.
     */
    double observedCost(NodeView n) {
        double latency = CloudEstimator.serverLatency(n);
        if (n.requests() == 0 || Double.isNaN(latency)) {
            return Double.NaN;
        }
        double s = Math.max(0, Math.min(1, n.successRate()));
        double effective = s * latency + (1 - s) * law.routing().failurePenaltyMs();
        double inFlight = n.queueDepth();
        if (Double.isNaN(inFlight)) {
            double rho = Math.min(0.95, Math.max(0, n.loadWeight()));
            inFlight = rho / (1 - rho);
        }
        return Math.max(1e-3, effective * (inFlight + 1));
    }

    private double peakEwma(String node, double observed) {
        return peakCost.merge(
                node,
                observed,
                (old, neu) ->
                        neu >= old * law.routing().costPeakRatio()
                                ? neu
                                : old + law.routing().costDecay() * (neu - old));
    }

    /**
     * Smoothing, then the weight deadband (for a node not stepped by cost, whose deadband is in
     * cost space), then the per-decision rate limit.
     */
    private double limited(double prev, double target, boolean deadband) {
        double delta = law.routing().weightSmoothing() * (target - prev);
        if (deadband
                && Math.abs(target - prev) < Math.max(law.routing().weightDeadband(), 0.2 * prev)) {
            return prev;
        }
        return prev
                + Math.max(
                        -law.routing().weightMaxStep(),
                        Math.min(law.routing().weightMaxStep(), delta));
    }

    /** Forgets the cost memory of nodes not in {@code live}. */
    void retain(Set<String> live) {
        peakCost.keySet().retainAll(live);
        drainHold.keySet().retainAll(live);
    }

    /** Median success rate of the nodes that served requests (1 if none did). */
    static double medianSuccess(List<NodeView> nodes) {
        double[] v =
                nodes.stream()
                        .filter(n -> n.requests() > 0)
                        .mapToDouble(NodeView::successRate)
                        .sorted()
                        .toArray();
        return v.length == 0 ? 1.0 : v[v.length / 2];
    }

    private static double median(Map<String, Double> cost, Set<String> excluded) {
        double[] v =
                cost.entrySet().stream()
                        .filter(e -> !excluded.contains(e.getKey()))
                        .mapToDouble(Map.Entry::getValue)
                        .sorted()
                        .toArray();
        return v.length == 0 ? 1.0 : v[v.length / 2];
    }

    private void normalizeWithFloor(Map<String, Double> w) {
        normalize(w);
        w.replaceAll((k, v) -> Math.max(v, law.routing().minWeight()));
        normalize(w);
    }

    private static void normalize(Map<String, Double> w) {
        double sum = w.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum <= 0) {
            w.replaceAll((k, v) -> 1.0 / w.size());
        } else {
            w.replaceAll((k, v) -> v / sum);
        }
    }
}
