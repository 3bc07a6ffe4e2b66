package org.qoeflow.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyOptionsTest {

    @Test
    void defaultsAreValidAndRoundTripThroughTheBuilder() {
        AnomalyOptions o = AnomalyOptions.defaults();
        assertThat(o.toBuilder().build()).isEqualTo(o);
        assertThat(o.hiddenSize()).isBetween(8, 32);
    }

    @Test
    void rejectsOutOfRangeValuesNamingTheFieldAndRange() {
        assertThatThrownBy(() -> AnomalyOptions.builder().hiddenSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hiddenSize")
                .hasMessageContaining("[1, 64]");
        assertThatThrownBy(() -> AnomalyOptions.builder().learningRate(Double.NaN).build())
                .hasMessageContaining("learningRate")
                .hasMessageContaining("(0.0, 1.0]");
        assertThatThrownBy(() -> AnomalyOptions.builder().alertScore(1.0).build())
                .hasMessageContaining("alertScore");
        assertThatThrownBy(() -> AnomalyOptions.builder().forecastScales(List.of()).build())
                .hasMessageContaining("forecastScales");
        assertThatThrownBy(() -> AnomalyOptions.builder().seasonalScales(List.of(0)).build())
                .hasMessageContaining("seasonalScales");
        assertThatThrownBy(() -> AnomalyOptions.builder().spatialTolerance(-0.1).build())
                .hasMessageContaining("spatialTolerance");
        assertThatThrownBy(() -> AnomalyOptions.builder().seasonalBins(1441).build())
                .hasMessageContaining("seasonalBins");
        assertThatThrownBy(() -> AnomalyOptions.builder().noveltyBins(7).build())
                .hasMessageContaining("noveltyBins");
        assertThatThrownBy(() -> AnomalyOptions.builder().noveltyScales(List.of(0)).build())
                .hasMessageContaining("noveltyScales");
        assertThatThrownBy(() -> AnomalyOptions.builder().seasonalSlotWeight(1.5).build())
                .hasMessageContaining("seasonalSlotWeight")
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> AnomalyOptions.builder().recordRatePrior(0).build())
                .hasMessageContaining("recordRatePrior");
        assertThatThrownBy(() -> AnomalyOptions.builder().recordSharpness(-1).build())
                .hasMessageContaining("recordSharpness");
        assertThatThrownBy(() -> AnomalyOptions.builder().recordRateHorizon(-1).build())
                .hasMessageContaining("recordRateHorizon");
        // without a horizon the calibration values are unused and not checked
        assertThat(AnomalyOptions.builder().recordRateHorizon(0).recordRatePrior(0).build())
                .isNotNull();
    }

    @Test
    void missingNoveltyScalesOfOlderArtifactsMeanTheDefault() {
        AnomalyOptions o = AnomalyOptions.builder().noveltyScales(null).build();
        assertThat(o.noveltyScales()).isEqualTo(AnomalyOptions.DEFAULT_NOVELTY_SCALES);
        assertThat(AnomalyOptions.defaults().noveltyBins()).isZero();
    }
}
