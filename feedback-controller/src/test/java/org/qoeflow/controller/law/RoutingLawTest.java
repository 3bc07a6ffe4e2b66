package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.qoeflow.controller.law.Views.cloud;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingLawTest {
    private final RoutingLaw law = new RoutingLaw(ControlOptions.DEFAULTS);

    @Test
    void weightsFallAsLoadRises() {
        Decision d =
                law.decide("routing/eu", List.of(cloud("a", 0.2, 1), cloud("b", 0.6, 1)), Map.of());
        // headroom^2: 0.64 vs 0.16 -> 0.8 / 0.2
        assertThat(d.routingWeights().get("a")).isCloseTo(0.8, within(1e-9));
        assertThat(d.routingWeights().get("b")).isCloseTo(0.2, within(1e-9));
        assertThat(d.reason()).isEqualTo("load-headroom");
    }

    @Test
    void nodeUnderSuccessFloorIsDrainedToZeroImmediately() {
        Map<String, Double> prev = Map.of("a", 0.5, "b", 0.5);
        Decision d =
                law.decide("routing/eu", List.of(cloud("a", 0.1, 1), cloud("b", 0.1, 0.5)), prev);
        assertThat(d.routingWeights().get("b")).isZero();
        assertThat(d.routingWeights().get("a")).isCloseTo(1.0, within(1e-9));
        assertThat(d.reason()).contains("drained=[b]");
    }

    @Test
    void saturatedHealthyNodeKeepsProbeFloor() {
        Decision d =
                law.decide("routing/eu", List.of(cloud("a", 0.0, 1), cloud("b", 1.0, 1)), Map.of());
        assertThat(d.routingWeights().get("b")).isGreaterThan(0.0).isLessThan(0.05);
    }

    @Test
    void smoothingLimitsTheChangePerDecision() {
        Map<String, Double> prev = Map.of("a", 0.5, "b", 0.5);
        Decision d =
                law.decide("routing/eu", List.of(cloud("a", 0.2, 1), cloud("b", 0.6, 1)), prev);
        // half-way from 0.5 to 0.8
        assertThat(d.routingWeights().get("a")).isCloseTo(0.65, within(1e-9));
    }

    @Test
    void allFailingNodesAreNotAllDrained() {
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(cloud("a", 0.1, 0.1), cloud("b", 0.1, 0.2)),
                        Map.of());
        assertThat(d.routingWeights().values())
                .allSatisfy(w -> assertThat(w).isCloseTo(0.5, within(1e-9)));
        assertThat(d.reason()).startsWith("all-below-success-floor");
    }

    @Test
    void nodeInAnomalyAlertIsDrainedWithItsOwnReason() {
        Decision d =
                law.decide(
                        "routing/eu",
                        List.of(cloud("a", 0.1, 1), cloud("b", 0.1, 1)),
                        Map.of("a", 0.5, "b", 0.5),
                        java.util.Set.of("b"));
        assertThat(d.routingWeights().get("b")).isZero();
        assertThat(d.reason()).isEqualTo("load-headroom;drained-anomaly=[b]");
    }
}
