package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.qoeflow.controller.law.Views.cloud;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingLawTest {
    private final RoutingLaw law = new RoutingLaw(LawOptions.DEFAULTS);

    @Test
    void weightIsInverseToLatencyTimesInFlightPlusOne() {
        // costs 100 * (1 + 1) = 200 and 100 * (3 + 1) = 400 -> 2/3 and 1/3
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(cloud("a", 100, 1, 1), cloud("b", 100, 3, 1)),
                        Map.of());
        assertThat(d.routingWeights().get("a")).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(d.routingWeights().get("b")).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(d.reason()).isEqualTo("peak-ewma-cost");
    }

    @Test
    void withoutQueueDepthInFlightComesFromTheLoadWeight() {
        Decision d =
                law.decide("routing/eu", List.of(cloud("a", 0.2, 1), cloud("b", 0.6, 1)), Map.of());
        assertThat(d.routingWeights().get("a")).isGreaterThan(d.routingWeights().get("b"));
    }

    @Test
    void aNodeThatFailsFastDoesNotLookFast() {
        // b answers in 20 ms but fails 15% of its requests: charged 2000 ms per failure.
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(cloud("a", 150, 0.5, 1.0), cloud("b", 20, 0.2, 0.85)),
                        Map.of());
        assertThat(d.routingWeights().get("b")).isLessThan(d.routingWeights().get("a"));
    }

    @Test
    void nodeUnderSuccessFloorIsDrainedToZeroImmediately() {
        Map<String, Double> prev = Map.of("a", 0.5, "b", 0.5);
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(cloud("a", 100, 1, 1), cloud("b", 100, 1, 0.5)),
                        prev);
        assertThat(d.routingWeights().get("b")).isZero();
        assertThat(d.routingWeights().get("a")).isCloseTo(1.0, within(1e-9));
        assertThat(d.reason()).contains("drained=[b]");
    }

    @Test
    void aDrainedNodeStaysDrainedForTheHoldThenIsProbed() {
        RoutingLaw routing = new RoutingLaw(LawOptions.DEFAULTS);
        Map<String, Double> w =
                routing.decide(
                                "routing/eu",
                                List.of(cloud("a", 100, 1, 1), cloud("b", 100, 1, 0.5)),
                                Map.of("a", 0.5, "b", 0.5))
                        .routingWeights();
        // Drained, b gets no requests, so its windows show success 1: still held at 0.
        int hold = 60 / 5;
        for (int i = 1; i < hold; i++) {
            w =
                    routing.decide(
                                    "routing/eu",
                                    List.of(cloud("a", 100, 1, 1), cloud("b", 100, 1, 1)),
                                    w)
                            .routingWeights();
            assertThat(w.get("b")).isZero();
        }
        w =
                routing.decide(
                                "routing/eu",
                                List.of(cloud("a", 100, 1, 1), cloud("b", 100, 1, 1)),
                                w)
                        .routingWeights();
        assertThat(w.get("b")).isGreaterThan(0.0).isLessThanOrEqualTo(0.1);
    }

    @Test
    void nodeInAnomalyAlertIsDrainedWithItsOwnReason() {
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(cloud("a", 100, 1, 1), cloud("b", 400, 1, 1)),
                        Map.of("a", 0.5, "b", 0.5),
                        Set.of("b"));
        assertThat(d.routingWeights().get("b")).isZero();
        assertThat(d.reason()).isEqualTo("peak-ewma-cost;drained-anomaly=[b]");
    }

    @Test
    void aHealthyNodeInAnomalyAlertKeepsItsWeight() {
        // Its cost is its peers': nothing the law measures backs the alert, which is only noted.
        List<NodeView> nodes =
                List.of(cloud("a", 100, 1, 1), cloud("b", 110, 1, 1), cloud("c", 100, 1, 1));
        Map<String, Double> prev = Map.of("a", 0.3, "b", 0.4, "c", 0.3);
        Decision alerted =
                new RoutingLaw(LawOptions.DEFAULTS).decide("routing/eu", nodes, prev, Set.of("b"));
        Decision quiet = new RoutingLaw(LawOptions.DEFAULTS).decide("routing/eu", nodes, prev);
        assertThat(alerted.routingWeights()).isEqualTo(quiet.routingWeights());
        assertThat(alerted.routingWeights().get("b")).isCloseTo(0.4, within(1e-9));
        assertThat(alerted.reason()).isEqualTo("peak-ewma-cost;anomaly-uncorroborated=[b]");
    }

    @Test
    void aSlowOrFailingNodeInAnomalyAlertIsDrainedInTheWindowOfTheAlert() {
        // As before the alert needed evidence: the first decision that sees the alert drains.
        for (NodeView bad : List.of(cloud("b", 400, 1, 1), cloud("b", 100, 1, 0.9))) {
            RoutingLaw routing = new RoutingLaw(LawOptions.DEFAULTS);
            Map<String, Double> w = Map.of("a", 1 / 3.0, "b", 1 / 3.0, "c", 1 / 3.0);
            for (int i = 0; i < 5; i++) {
                w =
                        routing.decide(
                                        "routing/eu",
                                        List.of(
                                                cloud("a", 100, 1, 1),
                                                cloud("b", 100, 1, 1),
                                                cloud("c", 100, 1, 1)),
                                        w)
                                .routingWeights();
            }
            List<NodeView> faulty = List.of(cloud("a", 100, 1, 1), bad, cloud("c", 100, 1, 1));
            Decision d = routing.decide("routing/eu", faulty, w, Set.of("b"));
            assertThat(d.routingWeights().get("b")).isZero();
            assertThat(d.reason()).contains("drained-anomaly=[b]");
            // without the alert the same evidence only derates it (and 0.9 is above the floor)
            Decision noAlert = new RoutingLaw(LawOptions.DEFAULTS).decide("routing/eu", faulty, w);
            assertThat(noAlert.routingWeights().get("b")).isPositive();
        }
    }

    @Test
    void aNodeDrainedOnAnAlertStaysDrainedWhileTheAlertHolds() {
        // Drained, it serves nothing and its cost evidence is gone: the alert still holds it.
        NodeView idle =
                new NodeView(
                        "b",
                        cloud("x", 1, 1, 1).tier(),
                        "eu",
                        "gpu",
                        "large",
                        10_000,
                        0,
                        0,
                        Double.NaN,
                        Double.NaN,
                        1,
                        0,
                        Double.NaN,
                        Double.NaN,
                        0,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        0);
        RoutingLaw routing = new RoutingLaw(LawOptions.DEFAULTS);
        Map<String, Double> w =
                routing.decide(
                                "routing/eu",
                                List.of(cloud("a", 100, 1, 1), cloud("b", 400, 1, 1)),
                                Map.of("a", 0.5, "b", 0.5),
                                Set.of("b"))
                        .routingWeights();
        for (int i = 0; i < 5; i++) {
            w =
                    routing.decide(
                                    "routing/eu",
                                    List.of(cloud("a", 100, 1, 1), idle),
                                    w,
                                    Set.of("b"))
                            .routingWeights();
            assertThat(w.get("b")).isZero();
        }
        w = routing.decide("routing/eu", List.of(cloud("a", 100, 1, 1), idle), w).routingWeights();
        assertThat(w.get("b")).isPositive();
    }

    @Test
    void anomalyAlertsDrainAtMostAThirdOfTheRegion() {
        List<NodeView> three =
                List.of(cloud("a", 100, 1, 1), cloud("b", 400, 1, 1), cloud("c", 400, 1, 1));
        // c is already drained: it keeps its place; b's alert is noted but b keeps serving
        Decision d =
                law.decide(
                        "routing/eu",
                        three,
                        Map.of("a", 0.5, "b", 0.5, "c", 0.0),
                        Set.of("b", "c"));
        assertThat(d.routingWeights().get("c")).isZero();
        assertThat(d.routingWeights().get("b")).isPositive();
        assertThat(d.reason()).contains("drained-anomaly=[c]").contains("spared=[b]");
        // with six nodes two may go
        List<NodeView> six = new java.util.ArrayList<>(three);
        six.addAll(List.of(cloud("d", 100, 1, 1), cloud("e", 100, 1, 1), cloud("f", 100, 1, 1)));
        Decision d6 = law.decide("routing/eu", six, Map.of(), Set.of("a", "b", "c"));
        assertThat(d6.routingWeights().values().stream().filter(w -> w == 0.0).count())
                .isEqualTo(2);
        assertThat(d6.reason()).contains("drained-anomaly=[b, c]", "anomaly-uncorroborated=[a]");
        // a node failing its requests is drained whatever the budget (a fresh law: no cost memory)
        Decision failing =
                new RoutingLaw(LawOptions.DEFAULTS)
                        .decide(
                                "routing/eu",
                                List.of(
                                        cloud("a", 400, 1, 1),
                                        cloud("b", 100, 1, 0.3),
                                        cloud("c", 100, 1, 1)),
                                Map.of(),
                                Set.of("a"));
        assertThat(failing.routingWeights().get("b")).isZero();
        assertThat(failing.routingWeights().get("a")).isZero();
    }

    @Test
    void slowHealthyNodeKeepsProbeFloor() {
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(cloud("a", 100, 0, 1), cloud("b", 10_000, 50, 1)),
                        Map.of());
        assertThat(d.routingWeights().get("b")).isCloseTo(0.02, within(0.005));
    }

    @Test
    void aNodeWithoutRequestsGetsTheMedianCostAsProbe() {
        NodeView idle =
                new NodeView(
                        "new",
                        cloud("x", 1, 1, 1).tier(),
                        "eu",
                        "gpu",
                        "large",
                        10_000,
                        0,
                        0,
                        Double.NaN,
                        Double.NaN,
                        1,
                        0,
                        Double.NaN,
                        Double.NaN,
                        0,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        0);
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(cloud("a", 100, 1, 1), cloud("b", 100, 1, 1), idle),
                        Map.of());
        assertThat(d.routingWeights().get("new")).isCloseTo(1 / 3.0, within(1e-9));
    }

    @Test
    void changesAreRateLimitedPerDecision() {
        Map<String, Double> prev = Map.of("a", 0.5, "b", 0.5);
        Decision d =
                law.decide(
                        "routing/eu", List.of(cloud("a", 100, 0, 1), cloud("b", 900, 8, 1)), prev);
        // b costs 80x more: it moves down, by at most weightMaxStep (0.1) per decision
        assertThat(d.routingWeights().get("b")).isBetween(0.4 - 1e-9, 0.48);
        assertThat(d.routingWeights().get("a")).isGreaterThan(d.routingWeights().get("b"));
        Map<String, Double> w = d.routingWeights();
        for (int i = 0; i < 30; i++) {
            Map<String, Double> next =
                    law.decide(
                                    "routing/eu",
                                    List.of(cloud("a", 100, 0, 1), cloud("b", 900, 8, 1)),
                                    w)
                            .routingWeights();
            assertThat(Math.abs(next.get("b") - w.get("b"))).isLessThanOrEqualTo(0.1 + 1e-9);
            w = next;
        }
        // ... and ends near the probe floor
        assertThat(w.get("b")).isLessThan(0.05);
    }

    @Test
    void noisyLatenciesCauseAtMostRareReversals() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        RoutingLaw routing = new RoutingLaw(LawOptions.DEFAULTS);
        Map<String, Double> prev = new HashMap<>();
        Map<String, Double> lastDelta = new HashMap<>();
        int reversals = 0;
        int decisions = 120; // 10 minutes at 5 s
        for (int i = 0; i < decisions; i++) {
            List<NodeView> nodes = new java.util.ArrayList<>();
            for (String id : List.of("a", "b", "c", "d")) {
                double noise = 1 + 0.15 * rnd.nextGaussian();
                nodes.add(cloud(id, 150 * noise, 1 + 0.3 * rnd.nextGaussian(), 1));
            }
            Decision d = routing.decide("routing/eu", nodes, prev);
            for (var e : d.routingWeights().entrySet()) {
                double delta = e.getValue() - prev.getOrDefault(e.getKey(), e.getValue());
                if (Math.abs(delta) >= 0.005) {
                    Double last = lastDelta.put(e.getKey(), delta);
                    if (last != null && Math.signum(last) != Math.signum(delta)) {
                        reversals++;
                    }
                }
            }
            prev = d.routingWeights();
        }
        double perNodePerMinute = reversals / 4.0 / 10.0;
        assertThat(perNodePerMinute).isLessThanOrEqualTo(1.0);
    }

    @Test
    void nodesFailingAlikeAreNotDrainedButCostedByTheirFailures() {
        // Common-mode failure (an overloaded pool times out everywhere): draining some nodes
        // would pile their load onto the others; the failure penalty in the cost still ranks them.
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(cloud("a", 100, 1, 0.1), cloud("b", 100, 1, 0.2)),
                        Map.of());
        assertThat(d.routingWeights().values()).allSatisfy(w -> assertThat(w).isPositive());
        assertThat(d.routingWeights().get("b")).isGreaterThan(d.routingWeights().get("a"));
        assertThat(d.reason()).doesNotContain("drained");
    }

    @Test
    void aNodeFailingUnderMoreLoadThanItsPeersIsCongestedNotDrained() {
        // c took over load (2.5x its peers' requests) and times out: congestion, which its cost
        // derates; draining it would pile its load on a and b (seen in the 12k overload).
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(
                                cloud("a", 100, 1, 0.95),
                                cloud("b", 100, 1, 0.95),
                                withRequests(cloud("c", 100, 1, 0.3), 250)),
                        Map.of("a", 0.25, "b", 0.25, "c", 0.5));
        assertThat(d.routingWeights().get("c")).isPositive().isLessThan(0.5);
        assertThat(d.reason()).doesNotContain("drained");
    }

    @Test
    void anAlertOnANodeCostlierOnlyBecauseItServesMoreIsUncorroborated() {
        // c costs 100 * (4 + 1) = 500 against 200, but it also serves 2.5x its peers' requests.
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(
                                cloud("a", 100, 1, 1),
                                cloud("b", 100, 1, 1),
                                withRequests(cloud("c", 100, 4, 1), 250)),
                        Map.of("a", 0.25, "b", 0.25, "c", 0.5),
                        Set.of("c"));
        assertThat(d.routingWeights().get("c")).isPositive();
        assertThat(d.reason()).contains("anomaly-uncorroborated=[c]").doesNotContain("drained");
    }

    private static NodeView withRequests(NodeView n, long requests) {
        return new NodeView(
                n.nodeId(),
                n.tier(),
                n.region(),
                n.deviceClass(),
                n.modelVariant(),
                n.windowEnd(),
                n.revision(),
                requests,
                n.p50Ms(),
                n.p95Ms(),
                n.successRate(),
                n.loadWeight(),
                n.localLatencyMs(),
                n.offloadedLatencyMs(),
                n.offloadShare(),
                n.bandwidthKbps(),
                n.temperatureC(),
                n.cpuFreqMhz(),
                n.queueDepth());
    }

    @Test
    void aRegionFailingAlikeIsNotDrainedOnOneWindowsNoise() {
        // A region-wide brownout at 40%: at 100 requests a node, one window's noise puts one node
        // at 53% failures, more than 0.1 over the median (a fixed margin drained it and its
        // peers in turn, seen in region-brownout seed 3), but no less likely than chance at the
        // others' 40% (binomial tail ~0.005, above the 0.001 significance).
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(
                                cloud("a", 100, 1, 0.62),
                                cloud("b", 100, 1, 0.60),
                                cloud("c", 100, 1, 0.61),
                                cloud("d", 100, 1, 0.59),
                                cloud("e", 100, 1, 0.47)),
                        Map.of());
        assertThat(d.routingWeights().values()).allSatisfy(w -> assertThat(w).isPositive());
        assertThat(d.reason()).doesNotContain("drained");
    }

    @Test
    void theSameGapOnManyRequestsIsAFailingNode() {
        // The same 53% against 40%, on 1000 requests a node: no longer chance.
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(
                                withRequests(cloud("a", 100, 1, 0.62), 1000),
                                withRequests(cloud("b", 100, 1, 0.60), 1000),
                                withRequests(cloud("c", 100, 1, 0.61), 1000),
                                withRequests(cloud("d", 100, 1, 0.59), 1000),
                                withRequests(cloud("e", 100, 1, 0.47), 1000)),
                        Map.of());
        assertThat(d.routingWeights().get("e")).isZero();
        assertThat(d.reason()).contains("drained=[e]");
    }

    @Test
    void aNodeFailingMoreThanItsPeersIsDrained() {
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(
                                cloud("a", 100, 1, 0.75),
                                cloud("b", 100, 1, 0.78),
                                cloud("c", 100, 1, 0.3)),
                        Map.of());
        assertThat(d.routingWeights().get("c")).isZero();
        assertThat(d.routingWeights().get("a")).isPositive();
        assertThat(d.reason()).contains("drained=[c]");
    }

    @Test
    void equalNodesUnderHeavyLoadConvergeWithoutHerding() {
        // Three equal 16-slot nodes at 85% of the pool's capacity; a node's latency and queue
        // follow its own share (M/M/1-like inflation), and the law sees them a window late.
        Herd small = herd(LawOptions.DEFAULTS);
        for (double v : small.weights().values()) {
            assertThat(v).isCloseTo(1 / 3.0, within(0.05));
        }
        // 10 minutes, 3 nodes: well under one reversal per node per minute
        assertThat(small.reversals()).isLessThanOrEqualTo(6);
        // Stepping all the way to the cost-equalizing weight at once (gain 1) herds: the
        // traffic swings from node to node.
        Herd greedy =
                herd(LawOverrides.parse(List.of("routingGain=1")).applyTo(LawOptions.DEFAULTS));
        assertThat(greedy.reversals()).isGreaterThan(30);
    }

    @Test
    void aModeratelySlowerNodeIsDerated() {
        RoutingLaw routing = new RoutingLaw(LawOptions.DEFAULTS);
        Map<String, Double> w = Map.of("a", 1 / 3.0, "b", 1 / 3.0, "c", 1 / 3.0);
        for (int i = 0; i < 20; i++) {
            // b costs twice as much: outside the cost deadband, it loses share step by step
            w =
                    routing.decide(
                                    "routing/eu",
                                    List.of(
                                            cloud("a", 200, 2, 1),
                                            cloud("b", 400, 2, 1),
                                            cloud("c", 200, 2, 1)),
                                    w)
                            .routingWeights();
        }
        assertThat(w.get("b")).isLessThan(0.8 * w.get("a"));
        assertThat(w.get("a")).isCloseTo(w.get("c"), within(1e-9));
    }

    private record Herd(Map<String, Double> weights, int reversals) {}

    private static Herd herd(LawOptions options) {
        RoutingLaw routing = new RoutingLaw(options);
        Map<String, Double> w = Map.of("a", 0.5, "b", 0.3, "c", 0.2);
        Map<String, Double> lastDelta = new HashMap<>();
        int reversals = 0;
        for (int i = 0; i < 120; i++) {
            List<NodeView> seen = new java.util.ArrayList<>();
            for (var e : w.entrySet()) {
                double rho = Math.min(0.97, 3 * 0.85 * e.getValue());
                double latency = 150 / (1 - rho);
                seen.add(cloud(e.getKey(), latency, 16 * rho + latency / 150 - 1, 1));
            }
            Map<String, Double> next = routing.decide("routing/eu", seen, w).routingWeights();
            for (String id : next.keySet()) {
                double delta = next.get(id) - w.get(id);
                if (Math.abs(delta) >= 0.005) {
                    Double last = lastDelta.put(id, delta);
                    if (last != null && Math.signum(last) != Math.signum(delta)) {
                        reversals++;
                    }
                }
            }
            w = next;
        }
        return new Herd(w, reversals);
    }

    @Test
    void aJoiningNodeEntersAtTheMeanWeightNotItsIdleCost() {
        // Its first window, served with an empty queue, makes a new node look far cheaper than it
        // will be once it takes its share: it starts at the mean and moves rate-limited.
        Map<String, Double> prev = Map.of("a", 0.5, "b", 0.5);
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(
                                cloud("a", 900, 10, 1),
                                cloud("b", 900, 10, 1),
                                cloud("c", 150, 0, 1)),
                        prev);
        double step = LawOptions.DEFAULTS.routing().weightMaxStep();
        // c starts from the mean 0.5 and stays (its target, 0.5 x at most 2 renormalized, is
        // 0.5), a and b take one rate-limited step down; then renormalized.
        assertThat(d.routingWeights().get("c")).isCloseTo(0.5 / (1.5 - 2 * step), within(0.01));
        assertThat(d.routingWeights().get("c")).isGreaterThan(d.routingWeights().get("a"));
    }

    @Test
    void aNodeThatFailsAgainAfterItsProbeIsHeldTwiceAsLong() {
        RoutingLaw law = new RoutingLaw(LawOptions.DEFAULTS); // hold: 60 s / 5 s = 12
        Map<String, Double> prev = Map.of("a", 0.5, "b", 0.5);
        List<NodeView> failing = List.of(cloud("a", 0.1, 1), cloud("b", 0.1, 0.5));
        List<NodeView> healthy = List.of(cloud("a", 0.1, 1), cloud("b", 0.1, 1));

        assertThat(law.decide("routing/eu", failing, prev).routingWeights().get("b")).isZero();
        int firstHold = decisionsUntilProbed(law, healthy);
        assertThat(firstHold).isEqualTo(12);

        assertThat(law.decide("routing/eu", failing, prev).routingWeights().get("b")).isZero();
        assertThat(decisionsUntilProbed(law, healthy)).isEqualTo(2 * firstHold);
    }

    @Test
    void aFailingNodeWhosePeersAreAllHeldDrainedShedsItsTrafficToThem() {
        RoutingLaw law = new RoutingLaw(LawOptions.DEFAULTS);
        Map<String, Double> w =
                law.decide(
                                "routing/eu",
                                List.of(
                                        cloud("a", 100, 1, 1),
                                        cloud("b", 100, 1, 0.5),
                                        cloud("c", 100, 1, 0.5)),
                                Map.of("a", 0.34, "b", 0.33, "c", 0.33))
                        .routingWeights();
        assertThat(w).containsEntry("a", 1.0).containsEntry("b", 0.0).containsEntry("c", 0.0);
        NodeView idleB = withRequests(cloud("b", 100, 1, 1), 0);
        NodeView idleC = withRequests(cloud("c", 100, 1, 1), 0);
        // a window later, within b's and c's hold, a fails half its requests
        Decision d = law.decide("routing/eu", List.of(cloud("a", 100, 1, 0.5), idleB, idleC), w);
        assertThat(d.reason()).contains("released=[b, c]");
        assertThat(d.routingWeights().get("a")).isLessThan(1.0);
        assertThat(d.routingWeights().get("b")).isPositive();
        assertThat(d.routingWeights().get("c")).isPositive();
        // next window b and c served a little and a still fails: it still serves more than they
        // do, so it is derated by its cost (the congestion rule), not drained
        Decision next =
                law.decide(
                        "routing/eu",
                        List.of(
                                cloud("a", 100, 1, 0.5),
                                withRequests(cloud("b", 100, 1, 1), 10),
                                withRequests(cloud("c", 100, 1, 1), 10)),
                        d.routingWeights());
        assertThat(next.routingWeights().get("a")).isLessThan(d.routingWeights().get("a"));
    }

    @Test
    void aLoneServingNodeFailingAboveTheFloorButBeyondTheMarginReleasesItsHeldPeers() {
        NodeView idleB = withRequests(cloud("b", 100, 1, 1), 0);
        Map<String, Double> prev = Map.of("a", 0.5, "b", 0.5);
        List<NodeView> bFails = List.of(cloud("a", 100, 1, 1), cloud("b", 100, 1, 0.5));
        RoutingLaw law = new RoutingLaw(LawOptions.DEFAULTS);
        Map<String, Double> w = law.decide("routing/eu", bFails, prev).routingWeights();
        // a's early partial score: 85% success, above the 0.8 floor, 15% failing against b's 0
        Decision d = law.decide("routing/eu", List.of(cloud("a", 100, 1, 0.85), idleB), w);
        assertThat(d.reason()).contains("released=[b]");
        assertThat(d.routingWeights().get("b")).isPositive();
        // a lone node failing less than the margin keeps its peers held
        RoutingLaw quiet = new RoutingLaw(LawOptions.DEFAULTS);
        Map<String, Double> v = quiet.decide("routing/eu", bFails, prev).routingWeights();
        Decision e = quiet.decide("routing/eu", List.of(cloud("a", 100, 1, 0.95), idleB), v);
        assertThat(e.reason()).doesNotContain("released");
        assertThat(e.routingWeights().get("b")).isZero();
    }

    @Test
    void heldNodesStayHeldWhileAHealthyPeerServes() {
        RoutingLaw law = new RoutingLaw(LawOptions.DEFAULTS);
        Map<String, Double> w =
                law.decide(
                                "routing/eu",
                                List.of(
                                        cloud("a", 100, 1, 1),
                                        cloud("b", 100, 1, 1),
                                        cloud("c", 100, 1, 0.5)),
                                Map.of("a", 0.34, "b", 0.33, "c", 0.33))
                        .routingWeights();
        assertThat(w.get("c")).isZero();
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(
                                cloud("a", 100, 1, 0.5),
                                cloud("b", 100, 1, 1),
                                withRequests(cloud("c", 100, 1, 1), 0)),
                        w);
        assertThat(d.routingWeights().get("c")).isZero();
        assertThat(d.reason()).doesNotContain("released");
    }

    private static int decisionsUntilProbed(RoutingLaw law, List<NodeView> nodes) {
        Map<String, Double> prev = Map.of("a", 1.0, "b", 0.0);
        for (int i = 1; i <= 1000; i++) {
            if (law.decide("routing/eu", nodes, prev).routingWeights().get("b") > 0) {
                return i;
            }
        }
        throw new AssertionError("never probed");
    }
}
