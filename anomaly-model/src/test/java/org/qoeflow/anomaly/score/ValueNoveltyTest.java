package org.qoeflow.anomaly.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueNoveltyTest {

    @Test
    void valueInAnUnvisitedRegionIsMoreSurprisingThanACommonOne() {
        ValueNovelty n = new ValueNovelty(32, 1);
        Random rnd = new Random(1);
        for (int t = 0; t < 2000; t++) { // two clusters around 0 and 10, nothing in between
            n.update(new double[] {(t % 2 == 0 ? 0 : 10) + 0.3 * rnd.nextGaussian()});
        }
        double common = n.update(new double[] {10.0});
        double gap = n.update(new double[] {5.0});
        assertThat(common).isLessThan(1.0); // ln(2001 / ~1000)
        assertThat(gap).isGreaterThan(7.0); // ln(2002 / 0.5)
        assertThat(n.surprise()[0]).isEqualTo(gap);
    }

    @Test
    void gridGrowsToValuesFarOutsideItAndKeepsTheirCounts() {
        ValueNovelty n = new ValueNovelty(8, 1);
        n.update(new double[] {1.0});
        n.update(new double[] {2.0});
        n.update(new double[] {1000.0}); // doubles the width until 1000 fits
        n.update(new double[] {-1000.0}); // and grows downwards
        // 1 and 2 now share a bin holding 2 of the 4 values: ln(5 / 2.5)
        assertThat(n.update(new double[] {1.5}))
                .isCloseTo(Math.log(2), org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void constantSeriesIsNeverSurprisingAndStateRoundTrips() {
        ValueNovelty a = new ValueNovelty(16, 2);
        for (int t = 0; t < 100; t++) {
            assertThat(a.update(new double[] {3.0, t % 7})).isGreaterThanOrEqualTo(0.0);
            assertThat(a.surprise()[0]).isZero();
        }
        ByteBuffer buf = ByteBuffer.allocate(ValueNovelty.stateBytes(16, 2));
        a.write(buf);
        assertThat(buf.remaining()).isZero();
        ValueNovelty b = new ValueNovelty(16, 2);
        b.read(buf.flip());
        for (int t = 0; t < 50; t++) {
            double[] x = {3.0 + (t == 40 ? 1 : 0), t % 11};
            assertThat(b.update(x)).isEqualTo(a.update(x));
        }
        assertThat(a.surprise()[0]).isGreaterThan(0.0); // the step at t = 40 was new
    }
}
