package org.qoeflow.anomaly.score;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertRuleTest {

    @Test
    void aScoreAlertsOnlyWhenItIsANewHighAndBeatsTheMargin() {
        AlertRule rule = new AlertRule(0.5, 3, 1.5);

        assertThat(rule.apply(0.8, 2.0, 1.0)).isEqualTo(0.8); // 2.0 >= 1.5 x 1.0
        assertThat(rule.alert()).isTrue();
        // not higher than 0.8 of the last 3: suppressed to 0.98 x 0.5 x 0.7
        assertThat(rule.apply(0.7, 5.0, 1.0))
                .isCloseTo(0.343, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(rule.alert()).isFalse();
    }

    @Test
    void aRecordBelowTheMarginDoesNotAlertAndNeitherDoesASuppressedRangeHit() {
        AlertRule rule = new AlertRule(0.5, 0, 1.5);
        double s = rule.apply(1.0, 1.4, 1.0); // a range hit whose error is only 1.4 x the record
        assertThat(s).isLessThan(0.5);
        assertThat(rule.alert()).isFalse();

        AlertRule suppressing = new AlertRule(0.5, 2, 0);
        suppressing.apply(1.0, 0, 0);
        assertThat(suppressing.apply(1.0, 0, 0)).isLessThan(0.5); // equal, not a new high
        assertThat(suppressing.alert()).isFalse();
    }

    @Test
    void withoutMarginTheRawErrorIsIgnoredAndTheThresholdIsTheRecord() {
        AlertRule rule = new AlertRule(0.5, 0, 0);
        assertThat(rule.apply(0.6, 0.0, 10.0)).isEqualTo(0.6);
        assertThat(rule.alert()).isTrue();
        assertThat(rule.rawThreshold(2.0)).isEqualTo(2.0);
        assertThat(new AlertRule(0.5, 0, 1.5).rawThreshold(2.0)).isEqualTo(3.0);
    }

    @Test
    void anUnconfirmedScoreDoesNotSuppressAConfirmedOneAfterIt() {
        AlertRule rule = new AlertRule(0.5, 12, 2);
        rule.apply(1.0, 1.0, 1.0); // a range hit below the margin
        assertThat(rule.alert()).isFalse();
        rule.apply(1.0, 3.0, 1.0); // the next one beats it
        assertThat(rule.alert()).isTrue();
    }
}
