package org.qoeflow.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChecksTest {
    @Test
    void rangeMessagesNameTheValueTheRangeAndWhatCame() {
        assertThat(Checks.rangeProblem("e2e_ms", 5, 0, 600_000)).isNull();
        assertThat(Checks.rangeProblem("e2e_ms", 1e300, 0, 600_000))
                .isEqualTo("e2e_ms must be in [0, 600000], got 1.0E300");
        assertThat(Checks.rangeProblem("share", Double.NaN, 0, 0.5))
                .isEqualTo("share must be in [0, 0.5], got NaN");
        assertThatThrownBy(() -> Checks.inRange("--anomaly-top-k", 0L, 1, 1000))
                .hasMessage("--anomaly-top-k must be in [1, 1000], got 0");
        assertThatThrownBy(() -> Checks.atLeast("top-k", 0, 1))
                .hasMessage("top-k must be >= 1, got 0");
    }

    @Test
    void positiveRejectsZeroNaNAndInfinity() {
        assertThat(Checks.positive("x", 0.5)).isEqualTo(0.5);
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Checks.positive("x", bad))
                    .hasMessage("x must be a finite number > 0, got " + bad);
        }
    }

    @Test
    void durationsMustBePositiveOrNonNegative() {
        assertThat(Checks.nonNegative("--lateness", Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> Checks.positive("--window", Duration.ZERO))
                .hasMessage("--window must be > 0, got PT0S");
        assertThatThrownBy(() -> Checks.nonNegative("--lateness", Duration.ofSeconds(-1)))
                .hasMessage("--lateness must be >= 0, got PT-1S");
        assertThatThrownBy(() -> Checks.positive("--window", (Duration) null))
                .hasMessage("--window must be > 0, got null");
    }
}
