package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.qoeflow.controller.law.Views.cloud;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qoeflow.controller.law.CloudEstimator.RegionCloud;

class CloudEstimatorTest {
    private final CloudEstimator estimator =
            new CloudEstimator(
                    LawOptions.DEFAULTS,
                    LawOptions.DEFAULTS.offload().defaultNetworkMs(),
                    LawOptions.DEFAULTS.drain().successFloor());

    private static List<NodeView> region(double latencyMs, double success) {
        return List.of(
                cloud("a", latencyMs, 0, success),
                cloud("b", latencyMs, 0, success),
                cloud("c", latencyMs, 0, success));
    }

    @Test
    void fastFailuresOfAWholeRegionDoNotDragTheBaseDown() {
        estimator.observe("eu", region(150, 0.998), List.of());
        // Region-wide brownout: 40% fail at a tenth of the service time, the mean looks fast.
        RegionCloud during = null;
        for (int i = 0; i < 20; i++) {
            during = estimator.observe("eu", region(96, 0.6), List.of());
        }
        RegionCloud after = estimator.observe("eu", region(150, 0.998), List.of());

        assertThat(during.baseMs()).isCloseTo(150, within(150 * 0.05));
        assertThat(during.inflation()).isNaN();
        assertThat(during.congestionPriceMs()).isZero();
        // One window of 300 requests (the same window each time: counted once), 120 failed, shrunk
        // by the prior of minOffloadedRequests (20) successes.
        assertThat(during.failureRate()).isCloseTo(120.0 / 320, within(1e-9));
        assertThat(after.inflation()).isCloseTo(1.0, within(0.05));
    }

    @Test
    void aFailingNodeAmongHealthyPeersSetsNeitherBaseNorInflation() {
        estimator.observe("eu", region(150, 0.998), List.of());
        RegionCloud r =
                estimator.observe(
                        "eu",
                        List.of(
                                cloud("a", 150, 0, 0.998),
                                cloud("b", 150, 0, 0.998),
                                cloud("c", 15, 0, 0.5)),
                        List.of());

        assertThat(r.baseMs()).isCloseTo(150, within(1.0));
        assertThat(r.inflation()).isCloseTo(1.0, within(0.01));
        assertThat(r.serverMs()).isLessThan(r.healthyServerMs());
    }

    @Test
    void aHandfulOfRequestsDoesNotSetTheBase() {
        estimator.observe("eu", region(150, 0.998), List.of());
        // Almost nothing offloaded: 3 requests a node, all succeeded, drawn fast.
        RegionCloud few =
                estimator.observe(
                        "eu",
                        List.of(
                                Views.at(cloud("a", 110, 0, 1.0), 15_000, 3),
                                Views.at(cloud("b", 120, 0, 1.0), 15_000, 3)),
                        List.of());

        assertThat(few.baseMs()).isCloseTo(150, within(1.0));
    }
}
