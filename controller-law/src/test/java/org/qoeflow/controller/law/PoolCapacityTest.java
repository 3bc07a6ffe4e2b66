package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.qoeflow.controller.law.CloudEstimator.RegionCloud;

class PoolCapacityTest {
    private final PoolCapacity pools = new PoolCapacity(LawOptions.DEFAULTS);

    /** A region's cloud serving {@code requests} in a 5 s window at {@code inflation}. */
    private static RegionCloud served(long requests, double inflation) {
        return new RegionCloud(150 * inflation, 150, 60, 0.999, requests);
    }

    @Test
    void unknownUntilThePoolHasQueued() {
        assertThat(pools.observe("eu", served(1000, 1.1), 3)).isNaN();
        assertThat(pools.observe("eu", served(1500, 1.8), 3)).isNaN();
    }

    @Test
    void aSaturatedPoolsServedRateIsItsCapacityPerNode() {
        // 1 600 requests in 5 s on 3 queueing nodes: 320/s, ~107/s a node; 90% of it admissible.
        assertThat(pools.observe("eu", served(1600, 5.0), 3)).isCloseTo(288, within(1e-9));
        // Two more nodes: five times the per-node rate, at once.
        assertThat(pools.observe("eu", served(800, 1.6), 5)).isCloseTo(480, within(1e-9));
        assertThat(pools.observe("us", served(800, 1.1), 3)).isNaN();
    }

    @Test
    void anEstimateServedAtWithoutQueueingGrowsByTheCapsStep() {
        pools.observe("eu", served(1600, 5.0), 3);
        // Served at the admissible rate (288/s) with inflation 1.1: the pool can take more.
        assertThat(pools.observe("eu", served(1440, 1.1), 3)).isCloseTo(288 * 1.05, within(1e-9));
        // Served far under it: no evidence either way, the estimate holds.
        assertThat(pools.observe("eu", served(200, 1.0), 3)).isCloseTo(288 * 1.05, within(1e-9));
    }

    @Test
    void aFailingPoolDoesNotSetTheCapacity() {
        RegionCloud failing = new RegionCloud(900, 150, 60, 0.5, 3000);
        assertThat(pools.observe("eu", failing, 3)).isNaN();
    }
}
