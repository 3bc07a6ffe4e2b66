package org.qoeflow.anomaly.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordScoreTest {

    @Test
    void newRecordScoresAtLeastHalfAndRepeatsScoreHalf() {
        RecordScore r = new RecordScore(List.of(1));
        assertThat(r.update(9.0)).isEqualTo(0.0); // start-up: neither scored nor a record
        assertThat(r.update(2.0)).isEqualTo(0.0); // sets the first record, not scored
        assertThat(r.update(1.0)).isCloseTo(1.0 / 3.0, within(1e-9)); // ratio 0.5
        assertThat(r.update(2.0)).isCloseTo(0.5, within(1e-9)); // equals the record
        assertThat(r.update(6.0)).isCloseTo(0.75, within(1e-9)); // ratio 3
        assertThat(r.threshold()).isEqualTo(6.0);
    }

    @Test
    void slowerScaleCatchesASustainedShiftThatNoSingleEventRevealsAsARecord() {
        RecordScore fast = new RecordScore(List.of(1));
        RecordScore both = new RecordScore(List.of(1, 50));
        for (int t = 0; t < 1000; t++) {
            double raw = t % 100 == 0 ? 5.0 : 1.0; // rare single spikes set the fast record
            fast.update(raw);
            both.update(raw);
        }
        double f = 0;
        double b = 0;
        for (int t = 0; t < 100; t++) {
            f = Math.max(f, fast.update(3.0)); // sustained, but below the spike record
            b = Math.max(b, both.update(3.0));
        }
        assertThat(f).isLessThan(0.5);
        assertThat(b).isGreaterThan(0.5);
    }

    @Test
    void suppressorHalvesAllButNewHighs() {
        Suppressor s = new Suppressor(3);
        assertThat(s.apply(0.6)).isEqualTo(0.6);
        assertThat(s.apply(0.55)).isEqualTo(0.275);
        assertThat(s.apply(0.7)).isEqualTo(0.7);
        s.apply(0.1);
        s.apply(0.1);
        s.apply(0.1);
        assertThat(s.apply(0.2)).isEqualTo(0.2); // the 0.7 has left the window
    }

    @Test
    void decayingRecordsLetALaterIncidentScoreAsANewRecordAgain() {
        RecordScore forever = new RecordScore(List.of(1));
        RecordScore decaying = new RecordScore(List.of(1), 100, 0);
        for (RecordScore r : List.of(forever, decaying)) {
            r.update(1.0);
            r.update(1.0);
            r.update(50.0); // a big incident sets a huge record
            for (int t = 0; t < 1000; t++) {
                r.update(1.0);
            }
        }
        // ten half-lives later the same-sized incident is a record again only with decay
        assertThat(forever.update(40.0)).isLessThan(0.5);
        assertThat(decaying.update(40.0)).isGreaterThan(0.5);
    }

    @Test
    void growthCapKeepsAnExtremeIncidentFromSettingAHugeRecord() {
        RecordScore capped = new RecordScore(List.of(1), 0, 2.0);
        capped.update(1.0);
        capped.update(1.0);
        assertThat(capped.update(1000.0)).isGreaterThan(0.99); // still scored as a big record
        assertThat(capped.threshold()).isEqualTo(2.0); // but the record only doubled
    }

    @Test
    void calibratedRecordMeansMoreOnAScaleThatRarelySetsOne() {
        RecordScore quiet = new RecordScore(List.of(1), 0, 0, 1000, 0.01, 16);
        RecordScore noisy = new RecordScore(List.of(1), 0, 0, 1000, 0.01, 16);
        java.util.Random rnd = new java.util.Random(3);
        for (int t = 0; t < 2000; t++) {
            quiet.update(t == 10 ? 2.0 : rnd.nextDouble()); // one early record, then none
            noisy.update(1.0 + t * 1e-3); // a drifting error sets a record at every event
        }
        double q = quiet.update(2.1); // both beat their record by 5 %
        double n = noisy.update(1.05 * (1.0 + 1999 * 1e-3));
        assertThat(q).isGreaterThan(0.5);
        assertThat(n).isLessThan(0.5).isLessThan(q);
    }

    @Test
    void calibratedScoreIsMonotoneInTheRatioAndZeroFarBelowTheRecord() {
        RecordScore r = new RecordScore(List.of(1), 0, 0, 1000, 0.01, 16);
        r.update(1.0);
        r.update(1.0);
        r.update(1.0); // record 1.0, scored from here on
        double below = r.update(0.5); // surprise 16 ln 0.5 + ln 100 < 0
        assertThat(below).isZero();
        RecordScore a = new RecordScore(List.of(1), 0, 0, 1000, 0.01, 16);
        RecordScore b = new RecordScore(List.of(1), 0, 0, 1000, 0.01, 16);
        for (RecordScore x : List.of(a, b)) {
            x.update(1.0);
            x.update(1.0);
        }
        // 16 ln 1.2 - ln 0.01 = 7.52 nats against ALERT_SURPRISE 6.5
        double s = a.update(1.2);
        assertThat(s).isCloseTo(7.5227 / (7.5227 + RecordScore.ALERT_SURPRISE), within(1e-3));
        assertThat(b.update(1.5)).isGreaterThan(s);
    }

    @Test
    void calibratedStateRoundTripsAndOlderStatesRestartTheRatesFromThePrior() {
        RecordScore a = new RecordScore(List.of(1, 5), 0, 0, 100, 0.01, 16);
        for (int t = 0; t < 300; t++) {
            a.update(t % 7);
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(RecordScore.stateBytes(2, true) + 1);
        a.write(buf);
        assertThat(buf.position()).isEqualTo(RecordScore.stateBytes(2, true));
        RecordScore b = new RecordScore(List.of(1, 5), 0, 0, 100, 0.01, 16);
        b.read(buf.flip());
        for (int t = 0; t < 50; t++) {
            assertThat(b.update(t % 9)).isEqualTo(a.update(t % 9));
        }
        // an uncalibrated state (no rates) restores into a calibrated scorer
        RecordScore plain = new RecordScore(List.of(1, 5));
        plain.update(2.0);
        java.nio.ByteBuffer old = java.nio.ByteBuffer.allocate(RecordScore.stateBytes(2, false));
        plain.write(old);
        RecordScore c = new RecordScore(List.of(1, 5), 0, 0, 100, 0.01, 16);
        c.read(old.flip(), false);
        assertThat(old.hasRemaining()).isFalse();
        assertThat(c.threshold()).isEqualTo(plain.threshold());
    }
}
