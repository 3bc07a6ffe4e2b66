package org.qoeflow.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Telemetry;

class ChaosRunTest {
    static final long T0 = 1_800_000_000_000L;

    @Test
    void telemetryIsTheSameForTheSameSeedAndDiffersForAnother() {
        List<Telemetry> a = ChaosTelemetry.generate(3, 10, 4, 30, T0);
        assertThat(ChaosTelemetry.generate(3, 10, 4, 30, T0)).isEqualTo(a);
        assertThat(ChaosTelemetry.generate(4, 10, 4, 30, T0)).isNotEqualTo(a);
        assertThat(a).isSortedAccordingTo((x, y) -> x.getEventTime().compareTo(y.getEventTime()));
    }

    @Test
    void referenceHoldsEveryClosedWindowOfEveryNodeAndComparisonSeesAChange() {
        List<Telemetry> input = ChaosTelemetry.generate(3, 10, 4, 40, T0);
        Map<String, Map<Long, QoeScore>> ref = ChaosRun.reference(input, T0 + 40_000);
        assertThat(ref).hasSize(10);
        // windows ending at or before end - 10 s: 6 of 5 s each from T0
        assertThat(ref.values()).allSatisfy(w -> assertThat(w).hasSize(6));
        QoeScore s = ref.get("chaos-edge-1").get(T0);
        assertThat(s.getRequestCount()).isEqualTo(20);
        assertThat(ChaosRun.same(s, QoeScore.newBuilder(s).build())).isTrue();
        assertThat(ChaosRun.same(s, QoeScore.newBuilder(s).setRequestCount(19).build())).isFalse();
        assertThat(
                        ChaosRun.same(
                                s,
                                QoeScore.newBuilder(s)
                                        .setLoadWeight(s.getLoadWeight() + 1e-6)
                                        .build()))
                .isFalse();
    }
}
