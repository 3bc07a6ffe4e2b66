package org.qoeflow.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

class ControlLoopTest {
    @Test
    void legsSplitTheLatencyAndCountTheWindowsTheCutWaitedFor() {
        ControlLoop.Legs l =
                new ControlLoop.Legs(
                        101_200, 105_000, 110_000, 112_300, 112_310, 112_350, java.util.Map.of());
        assertThat(l.leg("to_window_end")).isEqualTo(3800);
        assertThat(l.leg("later_windows")).isEqualTo(5000);
        assertThat(l.leg("window_to_score")).isEqualTo(2300);
        assertThat(l.leg("score_to_decision")).isEqualTo(10);
        assertThat(l.leg("decision_to_fleet")).isEqualTo(40);
        assertThat(l.windowsToCut()).isEqualTo(2);
        assertThat(ControlLoop.Legs.NAMES.stream().mapToDouble(l::leg).sum())
                .isEqualTo(112_350 - 101_200);
    }

    @Test
    void readsTheControllersRoundsByTrigger() {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter c =
                Counter.builder()
                        .name("qoeflow_controller_decision_triggers_total")
                        .labelNames("trigger")
                        .register(registry);
        c.labelValues("window_complete").inc(3);
        c.labelValues("heartbeat").inc();
        assertThat(ControlLoop.roundsByTrigger(registry))
                .containsEntry("window_complete", 3.0)
                .containsEntry("heartbeat", 1.0)
                .hasSize(2);
    }
}
