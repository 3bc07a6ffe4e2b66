package org.qoeflow.qoe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QoeMathTest {
    private final QoeMath math = new QoeMath(QoeOptions.DEFAULTS);

    @Test
    void loadWeightMatchesHandComputedValues() {
        // min(250/500,1)*0.6 + (1-0.9)*0.4 = 0.30 + 0.04
        assertThat(math.loadWeight(250, 0.9)).isCloseTo(0.34, within(1e-12));
        // latency term saturates: min(900/500,1)*0.6 + 0 = 0.6
        assertThat(math.loadWeight(900, 1.0)).isCloseTo(0.6, within(1e-12));
        // everything failing and slow = 1
        assertThat(math.loadWeight(5000, 0.0)).isCloseTo(1.0, within(1e-12));
        assertThat(math.loadWeight(0, 1.0)).isZero();
    }

    @Test
    void qoeIndexMatchesHandComputedValues() {
        // response: (1 - 400/1000) * 0.95 = 0.57
        double r = math.responseTerm(400, 0.95);
        assertThat(r).isCloseTo(0.57, within(1e-12));
        // interaction: 0.5*min(45/60,1) + 0.5*(1 - 0.02/0.1) = 0.375 + 0.4 = 0.775
        double i = math.uiInteractionTerm(45, 0.02);
        assertThat(i).isCloseTo(0.775, within(1e-12));
        // media: 0.5*min(2500/5000,1) + 0.5*(1 - 30/100) = 0.25 + 0.35 = 0.6
        double m = math.mediaTerm(2500, 30);
        assertThat(m).isCloseTo(0.6, within(1e-12));
        // 0.5*0.57 + 0.3*0.775 + 0.2*0.6 = 0.285 + 0.2325 + 0.12 = 0.6375
        assertThat(math.qoeIndex(r, i, m)).isCloseTo(0.6375, within(1e-12));
    }

    @Test
    void missingTermsAreLeftOutAndWeightsRenormalized() {
        // only response (0.57) and media (0.6): (0.5*0.57 + 0.2*0.6) / 0.7
        assertThat(math.qoeIndex(0.57, Double.NaN, 0.6))
                .isCloseTo((0.285 + 0.12) / 0.7, within(1e-12));
        assertThat(math.qoeIndex(Double.NaN, Double.NaN, Double.NaN)).isNaN();
    }

    @Test
    void queueDepthDrivesCloudInteraction() {
        assertThat(math.queueInteractionTerm(8)).isCloseTo(0.75, within(1e-12));
        assertThat(math.queueInteractionTerm(64)).isZero();
    }

    @Test
    void invalidOptionsNameTheKey() {
        assertThatThrownBy(
                        () ->
                                new QoeOptions(
                                        0, 0.6, 0.4, 0.5, 0.3, 0.2, 1000, 60, 0.1, 32, 5000, 100,
                                        1e-3, 10, 1))
                .hasMessageContaining("loadLatencyRefMs");
        assertThatThrownBy(
                        () ->
                                new QoeOptions(
                                        500, 0.6, 0.4, 0.5, 0.3, 0.3, 1000, 60, 0.1, 32, 5000, 100,
                                        1e-3, 10, 1))
                .hasMessageContaining("responseWeight + interactionWeight + mediaWeight");
    }

    @Test
    void overridesReplaceNamedFieldsAndRejectUnknownOnes() {
        QoeOptions o =
                QoeOptions.DEFAULTS.withOverrides(java.util.Map.of("loadLatencyRefMs", "250"));
        assertThat(new QoeMath(o).loadWeight(250, 1.0)).isCloseTo(0.6, within(1e-12));
        assertThatThrownBy(() -> QoeOptions.DEFAULTS.withOverrides(java.util.Map.of("nope", "1")))
                .hasMessageContaining("unknown QoE option(s) [nope]");
        assertThatThrownBy(
                        () -> QoeOptions.DEFAULTS.withOverrides(java.util.Map.of("targetFps", "x")))
                .hasMessageContaining("targetFps must be a number");
        assertThatThrownBy(
                        () ->
                                QoeOptions.DEFAULTS.withOverrides(
                                        java.util.Map.of("targetFps", "-1")))
                .hasMessageContaining("targetFps must be a finite number > 0");
    }
}
