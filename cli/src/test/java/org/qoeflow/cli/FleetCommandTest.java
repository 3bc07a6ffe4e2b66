package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.qoeflow.fleet.FleetStats;

class FleetCommandTest {
    @Test
    void statusLineReportsSharesOverTheLastInterval() {
        FleetStats before = new FleetStats(1000, 100, 10, 0, 30, 1, 2);
        FleetStats now = new FleetStats(2000, 300, 60, 0, 30, 3, 7);
        assertThat(FleetCommand.statusLine(20, 150, before, now, 5, 1, 0))
                .isEqualTo(
                        "t=   20s  events/s    150  requests 2000  failed 5.0%  offload 20.0%"
                                + "  control applied 5 rejected 1  versions v3..v7  publish"
                                + " failures 0");
    }
}
