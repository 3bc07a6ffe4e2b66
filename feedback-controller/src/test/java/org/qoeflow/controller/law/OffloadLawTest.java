package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.qoeflow.controller.law.Views.cloud;
import static org.qoeflow.controller.law.Views.edge;

import java.util.List;
import org.junit.jupiter.api.Test;

class OffloadLawTest {
    private final OffloadLaw law = new OffloadLaw(ControlOptions.DEFAULTS);

    @Test
    void thresholdMovesTowardObservedCloudLatency() {
        // offloaded requests took 300 ms: 400 + 0.4 * (300 - 400) = 360
        Decision d =
                law.decide(
                        "offload/p",
                        List.of(edge("p", 500, 300, 10)),
                        List.of(cloud("c", 0.2, 1)),
                        400);
        assertThat(d.offloadThresholdMs()).isCloseTo(360, within(1e-9));
        assertThat(d.reason()).isEqualTo("track-cloud-latency:offloaded=300ms");
    }

    @Test
    void withoutOffloadedRequestsUsesCloudP95PlusNetwork() {
        // cloud p95 300 + 60 network = 360 -> 400 + 0.4 * (360 - 400) = 384
        Decision d =
                law.decide(
                        "offload/p",
                        List.of(edge("p", 80, Double.NaN, 10)),
                        List.of(cloud("c", 0.2, 1)),
                        400);
        assertThat(d.offloadThresholdMs()).isCloseTo(384, within(1e-9));
    }

    @Test
    void stepIsRateLimitedAndClamped() {
        Decision d = law.decide("offload/p", List.of(edge("p", 80, 2900, 10)), List.of(), 400);
        assertThat(d.offloadThresholdMs()).isCloseTo(550, within(1e-9));
        Decision low = law.decide("offload/p", List.of(edge("p", 80, 1, 10)), List.of(), 60);
        assertThat(low.offloadThresholdMs()).isEqualTo(50.0);
    }

    @Test
    void overloadedCloudRaisesTheThresholdToThrottleOffloading() {
        Decision calm =
                law.decide(
                        "offload/p",
                        List.of(edge("p", 500, 300, 10)),
                        List.of(cloud("c", 0.5, 1)),
                        400);
        Decision hot =
                law.decide(
                        "offload/p",
                        List.of(edge("p", 500, 300, 10)),
                        List.of(cloud("c", 0.95, 1)),
                        400);
        assertThat(hot.offloadThresholdMs()).isGreaterThan(calm.offloadThresholdMs());
        assertThat(hot.reason()).contains("cloud-overload=0.95");
    }

    @Test
    void holdsWithoutAnyCloudData() {
        Decision d =
                law.decide("offload/p", List.of(edge("p", 80, Double.NaN, 10)), List.of(), 420);
        assertThat(d.offloadThresholdMs()).isEqualTo(420.0);
        assertThat(d.reason()).isEqualTo("hold:no-cloud-data");
    }
}
