package org.qoeflow.anomaly.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonalProfileTest {
    private static final long HOUR = 3_600_000L;

    /** Two slots a day: noon is noisy (sd 3), midnight is quiet (sd 0.3). */
    private static void feed(SeasonalProfile p, int days) {
        Random rnd = new Random(11);
        for (int day = 0; day < days; day++) {
            p.update(day * 24 * HOUR + 12 * HOUR, new double[] {3 * rnd.nextGaussian()});
            p.update(day * 24 * HOUR, new double[] {0.3 * rnd.nextGaussian()});
        }
    }

    @Test
    void scaledResidualWeighsADeviationByTheNoiseOfItsTimeOfDay() {
        SeasonalProfile plain = new SeasonalProfile(2, 1, 0.1);
        SeasonalProfile scaled = new SeasonalProfile(2, 1, 0.1, 0.5, 2000);
        feed(plain, 200);
        feed(scaled, 200);
        long day = 200 * 24 * HOUR;
        double noonPlain = plain.update(day + 12 * HOUR, new double[] {2.0});
        double midnightPlain = plain.update(day, new double[] {2.0});
        double noon = scaled.update(day + 12 * HOUR, new double[] {2.0});
        double midnight = scaled.update(day, new double[] {2.0});
        // scaled, the same deviation is a much bigger surprise in the quiet slot than unscaled
        assertThat(midnight / noon).isGreaterThan(1.8 * midnightPlain / noonPlain);
        assertThat(midnight).isGreaterThan(noon);
        // and the unscaled per-feature residual stays available for feature ranking
        assertThat(scaled.residual()[0]).isGreaterThan(1.5);
    }

    @Test
    void scaledStateRoundTripsIntoAnotherInstanceAndContinuesIdentically() {
        SeasonalProfile a = new SeasonalProfile(48, 2, 0.1, 0.5, 2000);
        Random rnd = new Random(4);
        for (int t = 0; t < 3000; t++) {
            a.update(t * 300_000L, new double[] {rnd.nextGaussian(), 2 * rnd.nextGaussian()});
        }
        ByteBuffer buf = ByteBuffer.allocate(SeasonalProfile.stateBytes(48, 2, 0.5));
        a.write(buf);
        assertThat(buf.hasRemaining()).isFalse();
        SeasonalProfile b = new SeasonalProfile(48, 2, 0.1, 0.5, 2000);
        b.read(buf.flip());
        for (int t = 3000; t < 3500; t++) {
            double[] u = {rnd.nextGaussian(), 2 * rnd.nextGaussian()};
            assertThat(b.update(t * 300_000L, u)).isEqualTo(a.update(t * 300_000L, u));
        }
    }
}
