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
}
