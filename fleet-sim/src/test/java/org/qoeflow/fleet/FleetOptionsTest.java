package org.qoeflow.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetOptionsTest {
    private final FleetOptions defaults = FleetOptions.defaults();

    @Test
    void defaultsAreValid() {
        assertThat(defaults.regions()).containsExactly("eu-west", "us-east");
        assertThat(defaults.defaultOffloadThresholdMs()).isEqualTo(400);
        assertThat(defaults.cloudCapacityRps()).isEqualTo(40);
    }

    @Test
    void invalidValuesNameTheFieldAndRange() {
        assertThatThrownBy(() -> defaults.withEdgeNodes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edgeNodes")
                .hasMessageContaining("[1, 1000000]");
        assertThatThrownBy(() -> defaults.withCloudNodes(1)).hasMessageContaining("cloudNodes");
        assertThatThrownBy(() -> defaults.withRequestsPerSecond(-1))
                .hasMessageContaining("requestsPerSecond");
        assertThatThrownBy(() -> defaults.withDefaultOffloadThresholdMs(0))
                .hasMessageContaining("defaultOffloadThresholdMs");
        assertThatThrownBy(() -> defaults.withCloudCapacityRps(Double.NaN))
                .hasMessageContaining("cloudCapacityRps");
        assertThatThrownBy(() -> defaults.withBaseFailureProbability(1.5))
                .hasMessageContaining("baseFailureProbability");
        assertThatThrownBy(() -> defaults.withRegions(List.of("a", "a")))
                .hasMessageContaining("regions");
        assertThatThrownBy(() -> defaults.withRegions(List.of("a/b")))
                .hasMessageContaining("regions");
        assertThatThrownBy(() -> defaults.withClassMix(Map.of("toaster", 1.0)))
                .hasMessageContaining("toaster");
        assertThatThrownBy(() -> defaults.withClassMix(Map.of("phone-high", 0.0)))
                .hasMessageContaining("classMix");
    }
}
