package org.qoeflow.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShiftMonitorTest {
    private static final long WINDOW = 5000;

    @Test
    void aWholeGroupGettingSlowerFailsInItsSecondWindowAndItsRecoveryDoesNot() {
        var monitor = new ShiftMonitor(CohortOptions.DEFAULTS.withShiftLagMillis(3 * WINDOW));
        var g = new SyntheticCohorts(7);
        List<Verdict> verdicts = new ArrayList<>();
        for (int w = 0; w < 12; w++) {
            // windows 5 to 8: every node of the group 1.5x slower
            double factor = w >= 5 && w < 9 ? 1.5 : 1.0;
            monitor.judge(
                            "eu",
                            "phone-mid",
                            w * WINDOW,
                            (w + 1) * WINDOW,
                            g.nodes("v", 30, factor, 0))
                    .ifPresentOrElse(j -> verdicts.add(j.verdict()), () -> verdicts.add(null));
        }
        assertThat(verdicts.subList(0, 3)).containsOnlyNulls();
        assertThat(verdicts.subList(3, 5)).doesNotContain(Verdict.FAIL);
        assertThat(verdicts.get(5)).isEqualTo(Verdict.MARGINAL);
        assertThat(verdicts.get(6)).isEqualTo(Verdict.FAIL);
        // from window 8 on the lagged window is slow too, and getting faster is not worse
        assertThat(verdicts.subList(9, 12)).doesNotContain(Verdict.FAIL);
    }

    @Test
    void aGapInTheGroupsWindowsLeavesNothingToCompare() {
        var monitor = new ShiftMonitor(CohortOptions.DEFAULTS.withShiftLagMillis(WINDOW));
        var g = new SyntheticCohorts(3);
        monitor.judge("eu", "phone-mid", 0, WINDOW, g.nodes("v", 30, 1, 0));
        assertThat(monitor.judge("eu", "phone-mid", 2 * WINDOW, 3 * WINDOW, g.nodes("v", 30, 1, 0)))
                .isEmpty();
        assertThat(monitor.judge("eu", "phone-mid", 3 * WINDOW, 4 * WINDOW, g.nodes("v", 30, 1, 0)))
                .isPresent();
    }
}
