package org.qoeflow.qoe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.QoeScore;

class WindowedScorerTest {
    @Test
    void closesWindowsWhenTheWatermarkPassesAndDropsLateEvents() {
        WindowedScorer w = new WindowedScorer(5000, new QoeMath(QoeOptions.DEFAULTS));
        w.add(TestTelemetry.request("a", 1000, 100, true));
        w.add(TestTelemetry.request("b", 2000, 300, false));
        w.add(TestTelemetry.request("a", 6000, 200, true));
        assertThat(w.advanceTo(4999)).isEmpty();

        List<QoeScore> first = w.advanceTo(5000);
        assertThat(first).extracting(QoeScore::getNodeId).containsExactlyInAnyOrder("a", "b");
        QoeScore b =
                first.stream().filter(s -> s.getNodeId().equals("b")).findFirst().orElseThrow();
        assertThat(b.getSuccessRate()).isZero();
        assertThat(b.getLoadWeight())
                .isEqualTo(new QoeMath(QoeOptions.DEFAULTS).loadWeight(300, 0));

        w.add(TestTelemetry.request("a", 4000, 100, true)); // its window is closed
        assertThat(w.lateEvents()).isEqualTo(1);
        assertThat(w.advanceTo(10_000))
                .singleElement()
                .satisfies(s -> assertThat(s.getRequestCount()).isEqualTo(1));
    }
}
