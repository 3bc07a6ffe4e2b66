package org.qoeflow.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.qoeflow.anomaly.FeatureSpec;

class DetectorsTest {
    @Test
    void factoryRejectsUnknownDetectorNames() {
        assertThatThrownBy(() -> Detectors.create("bogus", FeatureSpec.scalar("v")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lstm");
        assertThat(Detectors.create("null", FeatureSpec.scalar("v")).name()).isEqualTo("null");
    }

    @Test
    void everyNamedDetectorCanBeCreated() {
        for (String name : Detectors.NAMES) {
            assertThat(Detectors.create(name, FeatureSpec.scalar("v")).name()).isEqualTo(name);
        }
    }
}
