package org.qoeflow.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class HolmTest {
    @Test
    void adjustsStepDownAndKeepsOrderMonotone() {
        // Sorted: 0.01*4, 0.02*3, 0.03*2 -> max(0.06, 0.06), 0.04*1 -> max(0.06, 0.04).
        double[] adj = Holm.adjust(new double[] {0.03, 0.01, 0.04, 0.02});
        assertThat(adj)
                .containsExactly(new double[] {0.06, 0.04, 0.06, 0.06}, Offset.offset(1e-12));
    }

    @Test
    void nanIsNoTestAndDoesNotCount() {
        double[] adj = Holm.adjust(new double[] {Double.NaN, 0.02, 0.5});
        assertThat(adj[0]).isNaN();
        assertThat(adj[1]).isCloseTo(0.04, Offset.offset(1e-12));
        assertThat(adj[2]).isCloseTo(0.5, Offset.offset(1e-12));
    }

    @Test
    void capsAtOne() {
        assertThat(Holm.adjust(new double[] {0.6, 0.7})).containsExactly(1.0, 1.0);
    }

    @Test
    void rejectsAnImpossiblePValue() {
        assertThatThrownBy(() -> Holm.adjust(new double[] {1.5})).hasMessageContaining("1.5");
    }
}
