package org.qoeflow.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HaproxyWeightsTest {
    static final ServerRef A = new ServerRef("be", "a");
    static final ServerRef B = new ServerRef("be", "b");
    static final ServerRef C = new ServerRef("be", "c");
    static final Map<String, ServerRef> MAPPING = Map.of("n-a", A, "n-b", B, "n-c", C);

    @Test
    void largestShareGetsTheFullWeightAndOthersKeepTheirRatio() {
        assertThat(HaproxyWeights.of(Map.of("n-a", 0.5, "n-b", 0.25, "n-c", 0.25), MAPPING))
                .containsExactlyInAnyOrderEntriesOf(Map.of(A, 256, B, 128, C, 128));
        assertThat(HaproxyWeights.of(Map.of("n-a", 0.2, "n-b", 0.3, "n-c", 0.5), MAPPING))
                .containsExactlyInAnyOrderEntriesOf(Map.of(A, 102, B, 154, C, 256));
    }

    @Test
    void aZeroShareDrainsAndATinyPositiveShareKeepsWeightOne() {
        assertThat(HaproxyWeights.of(Map.of("n-a", 0.999, "n-b", 0.001, "n-c", 0.0), MAPPING))
                .containsExactlyInAnyOrderEntriesOf(Map.of(A, 256, B, 1, C, 0));
    }

    @Test
    void aMappedNodeTheUpdateDoesNotNameGetsTheMeanShareAsInTheFleet() {
        assertThat(HaproxyWeights.of(Map.of("n-a", 0.6, "n-b", 0.2), MAPPING))
                .containsExactlyInAnyOrderEntriesOf(Map.of(A, 256, B, 85, C, 171));
    }

    @Test
    void nodesWithoutAServerAreNotThisLoadBalancers() {
        assertThat(
                        HaproxyWeights.of(
                                Map.of("n-a", 0.2, "n-b", 0.2, "other", 0.6),
                                Map.of("n-a", A, "n-b", B)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(A, 256, B, 256));
    }

    @Test
    void allZeroSpreadsEvenlyInsteadOfDroppingTraffic() {
        assertThat(HaproxyWeights.of(Map.of("n-a", 0.0, "n-b", 0.0, "n-c", 0.0), MAPPING))
                .containsExactlyInAnyOrderEntriesOf(Map.of(A, 256, B, 256, C, 256));
        assertThat(HaproxyWeights.of(Map.of(), MAPPING)).containsValues(256, 256, 256);
    }

    @Test
    void rejectsANegativeOrNonFiniteShareNamingTheNode() {
        assertThatThrownBy(() -> HaproxyWeights.of(Map.of("n-a", -0.1), MAPPING))
                .hasMessage("share of n-a must be a finite number >= 0, got -0.1");
        assertThatThrownBy(() -> HaproxyWeights.of(Map.of("n-b", Double.NaN), MAPPING))
                .hasMessageContaining("share of n-b");
    }
}
