package org.qoeflow.qoe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyScoreRuleTest {
    private static final EarlyScoreRule RULE = new EarlyScoreRule(QoeOptions.DEFAULTS);

    @Test
    void pValueIsFishersOneSidedTailWorkedOutByHand() {
        // 20 requests, 5 failed; 10 drawn: P(>= 4 failures) = (C(5,4)C(15,6) + C(15,5)) / C(20,10)
        assertThat(EarlyScoreRule.pValue(20, 5, 10, 4))
                .isCloseTo((5 * 5005 + 3003) / 184756.0, within(1e-12));
    }

    @Test
    void halfFailingAfterAHealthyWindowIsDegraded() {
        assertThat(RULE.degraded(12, 6, 100, 0)).isTrue();
        assertThat(RULE.degraded(12, 6, 100, 1)).isTrue();
    }

    @Test
    void aFewFailuresAsUsualAreNot() {
        assertThat(RULE.degraded(40, 1, 100, 2)).isFalse();
        assertThat(RULE.degraded(10, 1, 100, 0)).isFalse(); // p = 10 / 110 = 0.09
        assertThat(RULE.degraded(30, 2, 100, 1)).isFalse(); // p = 0.13
    }

    @Test
    void twoFailuresInTenAfterACleanWindowAreNotEnoughAtTheShippedTenthOfAPercent() {
        // p = C(10, 2) / C(110, 2) = 0.0075: a partial score at 0.01, none at 0.001
        assertThat(RULE.degraded(10, 2, 100, 0)).isFalse();
        EarlyScoreRule loose =
                new EarlyScoreRule(
                        QoeOptions.DEFAULTS.withOverrides(Map.of("earlyScoreAlpha", "0.01")));
        assertThat(loose.degraded(10, 2, 100, 0)).isTrue();
    }

    @Test
    void aNodeFailingAsMuchAsInItsPreviousWindowIsNot() {
        assertThat(RULE.degraded(20, 10, 100, 50)).isFalse();
        assertThat(RULE.degraded(20, 10, 100, 40)).isFalse();
    }

    @Test
    void tooFewRequestsOrNoPreviousWindowIsNoEvidence() {
        assertThat(RULE.degraded(9, 9, 100, 0)).isFalse(); // under earlyScoreMinRequests (10)
        assertThat(RULE.degraded(10, 10, 100, 0)).isTrue();
        assertThat(RULE.degraded(30, 30, 0, 0)).isFalse();
        assertThat(RULE.degraded(new NodeWindowStats(), null)).isFalse();
    }

    @Test
    void alphaZeroTurnsPartialScoresOff() {
        EarlyScoreRule off =
                new EarlyScoreRule(
                        QoeOptions.DEFAULTS.withOverrides(Map.of("earlyScoreAlpha", "0")));
        assertThat(off.enabled()).isFalse();
        assertThat(off.degraded(100, 100, 100, 0)).isFalse();
    }

    @Test
    void badSettingsNameTheOption() {
        assertThatThrownBy(
                        () -> QoeOptions.DEFAULTS.withOverrides(Map.of("earlyScoreAlpha", "0.9")))
                .hasMessageContaining("earlyScoreAlpha");
        assertThatThrownBy(
                        () ->
                                QoeOptions.DEFAULTS.withOverrides(
                                        Map.of("earlyScoreMinRequests", "2.5")))
                .hasMessageContaining("earlyScoreMinRequests");
    }
}
