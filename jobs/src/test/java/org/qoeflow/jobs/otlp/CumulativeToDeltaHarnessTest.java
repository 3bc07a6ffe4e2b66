package org.qoeflow.jobs.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.qoeflow.otlp.MetricPoint;
import org.qoeflow.otlp.Signal;

class CumulativeToDeltaHarnessTest {
    static MetricPoint counter(String series, long timeMs, double value) {
        MetricPoint p = new MetricPoint();
        p.series = series;
        p.nodeId = "n1";
        p.signal = Signal.OUTCOMES;
        p.cumulative = true;
        p.startNanos = 1_000_000L;
        p.timeNanos = timeMs * 1_000_000L;
        p.value = value;
        return p;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, MetricPoint>
            harness() throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new CumulativeToDelta(Duration.ofMinutes(1))),
                        (MetricPoint p) -> p.series,
                        Types.STRING);
        h.open();
        return h;
    }

    private static void push(
            KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, MetricPoint> h,
            MetricPoint p)
            throws Exception {
        h.processElement(new StreamRecord<>(p, p.timeMillis()));
    }

    @Test
    void emitsIncreasesPerSeriesAndDropsOutOfOrderPoints() throws Exception {
        try (var h = harness()) {
            push(h, counter("a", 1_000, 10));
            push(h, counter("b", 1_000, 500));
            push(h, counter("a", 6_000, 14));
            push(h, counter("a", 4_000, 12)); // out of order
            push(h, counter("b", 6_000, 3)); // reset

            assertThat(h.extractOutputValues())
                    .extracting(p -> p.series + "=" + p.value)
                    .containsExactly("a=4.0", "b=3.0");
        }
    }

    @Test
    void aSilentSeriesLosesItsStateAfterTheTtl() throws Exception {
        try (var h = harness()) {
            push(h, counter("a", 1_000, 10));
            push(h, counter("b", 1_000, 10));
            h.processWatermark(30_000);
            push(h, counter("b", 40_000, 12));
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);

            h.processWatermark(70_000); // a: last point at 1 s, ttl 60 s
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);

            h.processWatermark(200_000);
            assertThat(h.numKeyedStateEntries()).isZero();
            // a new point after expiry is a new baseline, not an increase from the old total
            push(h, counter("a", 210_000, 99));
            assertThat(h.extractOutputValues())
                    .extracting(p -> p.series + "=" + p.value)
                    .containsExactly("b=2.0");
        }
    }
}
