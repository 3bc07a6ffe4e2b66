package org.qoeflow.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qoeflow.cohort.SyntheticCohorts.concat;

import org.junit.jupiter.api.Test;

class CohortMonitorTest {
    @Test
    void slowCanaryFailsInItsKthWindowAndAGapResetsTheCount() {
        var o = CohortOptions.DEFAULTS.withFailAfterWindows(3);
        var monitor = new CohortMonitor(o);
        var g = new SyntheticCohorts(11);
        for (int w = 0; w < 3; w++) {
            var judged =
                    monitor.judge(
                            "eu",
                            "phone-mid",
                            w * 5000L,
                            (w + 1) * 5000L,
                            concat(g.nodes("old", 30, 1, 0), g.nodes("new", 25, 1.4, 0)));
            var canary =
                    judged.stream().filter(j -> j.result().variant().equals("new")).findFirst();
            assertThat(canary)
                    .get()
                    .extracting(CohortMonitor.Judged::verdict)
                    .isEqualTo(w < 2 ? Verdict.MARGINAL : Verdict.FAIL);
        }
        // A window without the canary forgets its count.
        monitor.judge("eu", "phone-mid", 15_000, 20_000, g.nodes("old", 30, 1, 0));
        var again =
                monitor.judge(
                        "eu",
                        "phone-mid",
                        20_000,
                        25_000,
                        concat(g.nodes("old", 30, 1, 0), g.nodes("new", 25, 1.4, 0)));
        assertThat(again.stream().filter(j -> j.result().variant().equals("new")))
                .singleElement()
                .satisfies(j -> assertThat(j.failingWindows()).isEqualTo(1));
    }
}
