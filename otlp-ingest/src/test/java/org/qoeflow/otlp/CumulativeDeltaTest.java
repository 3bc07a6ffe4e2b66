package org.qoeflow.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.qoeflow.otlp.CumulativeDelta.Outcome;
import org.qoeflow.otlp.CumulativeDelta.Step;

class CumulativeDeltaTest {
    static final long S = 1_000_000_000L;

    static MetricPoint counter(long start, long time, double value) {
        MetricPoint p = new MetricPoint();
        p.series = "n|c|{}";
        p.signal = Signal.OUTCOMES;
        p.cumulative = true;
        p.startNanos = start;
        p.timeNanos = time;
        p.value = value;
        return p;
    }

    static MetricPoint histogram(long start, long time, long... counts) {
        MetricPoint p = counter(start, time, 0);
        p.signal = Signal.E2E_LATENCY;
        p.boundsMs = new double[counts.length - 1];
        for (int i = 0; i < p.boundsMs.length; i++) {
            p.boundsMs[i] = 100 * (i + 1);
        }
        p.counts = counts.clone();
        for (long c : counts) {
            p.value += c;
        }
        return p;
    }

    static MetricPoint gauge(long time, double v) {
        MetricPoint p = counter(0, time, v);
        p.signal = Signal.QUEUE_DEPTH;
        p.cumulative = false;
        return p;
    }

    @Test
    void theFirstPointIsABaselineAndLaterOnesYieldTheirIncrease() {
        Step first = CumulativeDelta.next(null, counter(10 * S, 10 * S, 100));
        assertThat(first.outcome()).isEqualTo(Outcome.BASELINE);
        assertThat(first.emit()).isNull();

        Step second = CumulativeDelta.next(first.state(), counter(10 * S, 15 * S, 130));
        assertThat(second.outcome()).isEqualTo(Outcome.DELTA);
        assertThat(second.emit().value).isEqualTo(30);
        assertThat(second.emit().cumulative).isFalse();
        assertThat(second.emit().timeNanos).isEqualTo(15 * S);
    }

    @Test
    void aCounterThatGoesDownWasResetAndCountsFromZero() {
        SeriesState s = CumulativeDelta.next(null, counter(10 * S, 10 * S, 100)).state();
        s = CumulativeDelta.next(s, counter(10 * S, 15 * S, 130)).state();

        // the server restarted; the Collector moves the start to just before the point
        Step reset = CumulativeDelta.next(s, counter(20 * S - 1_000_000, 20 * S, 7));
        assertThat(reset.outcome()).isEqualTo(Outcome.RESET);
        assertThat(reset.emit().value).isEqualTo(7);

        Step after = CumulativeDelta.next(reset.state(), counter(20 * S - 1_000_000, 25 * S, 9));
        assertThat(after.outcome()).isEqualTo(Outcome.DELTA);
        assertThat(after.emit().value).isEqualTo(2);
    }

    @Test
    void aHistogramBucketThatGoesDownIsAReset() {
        SeriesState s = CumulativeDelta.next(null, histogram(S, S, 5, 5, 0)).state();
        Step d = CumulativeDelta.next(s, histogram(S, 2 * S, 6, 8, 1));
        assertThat(d.emit().counts).containsExactly(1, 3, 1);
        assertThat(d.emit().value).isEqualTo(5);

        // total grew (15 -> 16) but one bucket fell: only a restart explains that
        Step r = CumulativeDelta.next(d.state(), histogram(S, 3 * S, 0, 0, 16));
        assertThat(r.outcome()).isEqualTo(Outcome.RESET);
        assertThat(r.emit().counts).containsExactly(0, 0, 16);
    }

    @Test
    void aStartTimeAfterThePreviousPointIsAResetEvenIfTheValueGrew() {
        SeriesState s = CumulativeDelta.next(null, counter(S, S, 10)).state();
        Step r = CumulativeDelta.next(s, counter(3 * S, 5 * S, 50));
        assertThat(r.outcome()).isEqualTo(Outcome.RESET);
        assertThat(r.emit().value).isEqualTo(50);
    }

    @Test
    void aRebasedStartWithoutADecreaseStartsOverInsteadOfCountingEverything() {
        // a restarted Collector sets start = its first scrape; the server's count went on
        SeriesState s = CumulativeDelta.next(null, counter(S, S, 1000)).state();
        Step r = CumulativeDelta.next(s, counter(9 * S, 9 * S, 1010));
        assertThat(r.outcome()).isEqualTo(Outcome.BASELINE);
        assertThat(r.emit()).isNull();
        Step next = CumulativeDelta.next(r.state(), counter(9 * S, 14 * S, 1015));
        assertThat(next.emit().value).isEqualTo(5);
    }

    @Test
    void outOfOrderAndRepeatedPointsAreDroppedAndLeaveTheStateAlone() {
        SeriesState s = CumulativeDelta.next(null, counter(S, S, 10)).state();
        s = CumulativeDelta.next(s, counter(S, 6 * S, 20)).state();

        Step late = CumulativeDelta.next(s, counter(S, 4 * S, 15));
        Step again = CumulativeDelta.next(s, counter(S, 6 * S, 20));

        assertThat(late.outcome()).isEqualTo(Outcome.OUT_OF_ORDER);
        assertThat(again.outcome()).isEqualTo(Outcome.OUT_OF_ORDER);
        assertThat(late.state()).isSameAs(s);
        assertThat(CumulativeDelta.next(s, counter(S, 8 * S, 26)).emit().value).isEqualTo(6);
    }

    @Test
    void gaugesPassButNotOutOfOrder() {
        Step a = CumulativeDelta.next(null, gauge(5 * S, 3));
        assertThat(a.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(a.emit().value).isEqualTo(3);
        assertThat(CumulativeDelta.next(a.state(), gauge(4 * S, 9)).outcome())
                .isEqualTo(Outcome.OUT_OF_ORDER);
    }

    @Test
    void changedBucketBoundsStartOver() {
        SeriesState s = CumulativeDelta.next(null, histogram(S, S, 1, 1)).state();
        Step r = CumulativeDelta.next(s, histogram(S, 2 * S, 1, 1, 1));
        assertThat(r.outcome()).isEqualTo(Outcome.BASELINE);
    }

    @Test
    void noIncreaseEmitsNothing() {
        SeriesState s = CumulativeDelta.next(null, histogram(S, S, 1, 1)).state();
        Step r = CumulativeDelta.next(s, histogram(S, 2 * S, 1, 1));
        assertThat(r.outcome()).isEqualTo(Outcome.DELTA);
        assertThat(r.emit()).isNull();
        assertThat(r.state().timeNanos).isEqualTo(2 * S);
    }
}
