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

    @Test
    void keepsValuesIn16BitStepsThatSaturateAndStillTrackTheirInput() {
        assertThat(SeasonalProfile.quantize(1.0)).isEqualTo((short) 2048);
        assertThat(SeasonalProfile.quantize(SeasonalProfile.STEP / 2)).isZero(); // ties to even
        assertThat(SeasonalProfile.quantize(1.5 * SeasonalProfile.STEP)).isEqualTo((short) 2);
        assertThat(SeasonalProfile.quantize(100)).isEqualTo(Short.MAX_VALUE);
        assertThat(SeasonalProfile.quantize(-100)).isEqualTo(Short.MIN_VALUE);
        SeasonalProfile p = new SeasonalProfile(1, 2, 0.1);
        for (int t = 0; t < 300; t++) {
            p.update(t, new double[] {3.3, -40});
        }
        p.update(300, new double[] {3.3, -40});
        // an update smaller than half a step is lost: the profile stops within step / (2 rate)
        assertThat(p.residual()[0]).isLessThanOrEqualTo(SeasonalProfile.STEP / (2 * 0.1));
        assertThat(p.residual()[1])
                .isEqualTo(40 - 16.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void sparse16BitStateRoundTripsAndContinuesIdentically() {
        SeasonalProfile a = new SeasonalProfile(48, 2, 0.1, 0.5, 2000);
        Random rnd = new Random(5);
        for (int t = 0; t < 100; t++) { // 500 minutes: 17 of 48 half-hour slots visited
            a.update(t * 300_000L, new double[] {rnd.nextGaussian(), 2 * rnd.nextGaussian()});
        }
        ByteBuffer buf = ByteBuffer.allocate(SeasonalProfile.sparseStateBytes(48, 2, 0.5));
        a.writeSparse(buf);
        assertThat(buf.position()).isEqualTo(6 + 12 + 17 * (2 * 2 + 2));
        SeasonalProfile b = new SeasonalProfile(48, 2, 0.1, 0.5, 2000);
        b.readSparse(buf.flip(), true);
        for (int t = 100; t < 600; t++) {
            double[] u = {rnd.nextGaussian(), 2 * rnd.nextGaussian()};
            assertThat(b.update(t * 300_000L, u)).isEqualTo(a.update(t * 300_000L, u));
        }
    }
}
