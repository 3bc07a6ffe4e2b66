package org.qoeflow.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.qoeflow.fleet.FleetOptions;

class FleetAnomalyEvaluationTest {
    @Test
    void detectsInjectedIncidentsWithFewFalseAlarms() {
        var settings =
                new FleetAnomalyEvaluation.Settings(
                        FleetOptions.defaults()
                                .withEdgeNodes(60)
                                .withCloudNodes(4)
                                .withRequestsPerSecond(150)
                                .withSeed(3),
                        80 * 60_000L,
                        20 * 60_000L,
                        10 * 60_000L,
                        5000,
                        1.5,
                        3);
        var result = new FleetAnomalyEvaluation(settings).run(m -> {});
        assertThat(result.incidents()).isEqualTo(6);
        assertThat(result.recall()).isGreaterThanOrEqualTo(0.5);
        assertThat(result.falseAlarmRate()).isLessThan(0.005);
        assertThat(result.medianDelayWindows()).isLessThanOrEqualTo(3);
    }
}
