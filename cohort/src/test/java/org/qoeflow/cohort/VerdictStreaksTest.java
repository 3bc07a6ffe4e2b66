package org.qoeflow.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictStreaksTest {
    @Test
    void failsOnlyAfterKConsecutiveFailingWindows() {
        var s = VerdictStreaks.next(0, Verdict.FAIL, 3);
        assertThat(s.verdict()).isEqualTo(Verdict.MARGINAL);
        s = VerdictStreaks.next(s.failingWindows(), Verdict.FAIL, 3);
        assertThat(s.verdict()).isEqualTo(Verdict.MARGINAL);
        s = VerdictStreaks.next(s.failingWindows(), Verdict.FAIL, 3);
        assertThat(s.verdict()).isEqualTo(Verdict.FAIL);
        s = VerdictStreaks.next(s.failingWindows(), Verdict.FAIL, 3);
        assertThat(s).isEqualTo(new VerdictStreaks.Step(3, Verdict.FAIL));
    }

    @Test
    void aWindowThatDoesNotFailResetsTheCount() {
        var s = VerdictStreaks.next(2, Verdict.MARGINAL, 3);
        assertThat(s).isEqualTo(new VerdictStreaks.Step(0, Verdict.MARGINAL));
        assertThat(VerdictStreaks.next(0, Verdict.FAIL, 3).verdict()).isEqualTo(Verdict.MARGINAL);
    }

    @Test
    void kOfOneFailsAtOnce() {
        assertThat(VerdictStreaks.next(0, Verdict.FAIL, 1).verdict()).isEqualTo(Verdict.FAIL);
    }
}
