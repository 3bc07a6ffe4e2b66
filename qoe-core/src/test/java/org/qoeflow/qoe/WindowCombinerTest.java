package org.qoeflow.qoe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qoeflow.qoe.TestTelemetry.request;
import static org.qoeflow.qoe.TestTelemetry.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Telemetry;

class WindowCombinerTest {
    private static final long W = 5000;
    private final QoeMath math = new QoeMath(QoeOptions.DEFAULTS);

    /** Windows close on the watermark only: what these tests of holding and bounds need. */
    private static final QoeOptions ON_WATERMARK =
            QoeOptions.DEFAULTS.withOverrides(Map.of("closeOnNodeProgress", "0"));

    private final List<WindowCombiner.Partial> out = new ArrayList<>();

    private static WindowCombiner combiner(QoeOptions options, int maxWindows) {
        return new WindowCombiner(W, options, maxWindows);
    }

    private static void add(WindowCombiner c, Telemetry t, List<WindowCombiner.Partial> out) {
        assertThat(c.add(t, t.getEventTime().toEpochMilli(), out::add)).isTrue();
    }

    @Test
    void sendsOnePartialPerNodeAndWindowWhenTheWatermarkPassesItsEnd() {
        WindowCombiner c = combiner(QoeOptions.DEFAULTS, 1000);
        for (int i = 0; i < 20; i++) {
            add(c, request("a", i * 200, 100 + i, true), out);
            add(c, request("b", i * 200 + 1, 200, true), out);
            add(c, sample("a", i * 200 + 2, 40 + i), out);
        }
        assertThat(out).isEmpty();
        assertThat(c.windows()).isEqualTo(2);
        c.advance(W - 2, out::add);
        assertThat(out).isEmpty();
        c.advance(W - 1, out::add);
        assertThat(out).hasSize(2).allMatch(p -> p.start() == 0);
        assertThat(c.windows()).isZero();
        NodeWindowStats a =
                out.stream().filter(p -> p.nodeId().equals("a")).findFirst().orElseThrow().stats();
        assertThat(a.requests()).isEqualTo(20);
        assertThat(a.samples()).isEqualTo(20);
    }

    @Test
    void thePartialsOfAWindowMergeIntoWhatEveryEventGives() {
        WindowCombiner c = combiner(QoeOptions.DEFAULTS, 1000);
        NodeWindowStats every = new NodeWindowStats();
        // fewer requests than a latency sketch holds exactly, so merged quantiles are exact too
        for (int i = 0; i < 180; i++) {
            Telemetry t =
                    i % 5 == 0
                            ? sample("a", i * 10, 30 + i % 17)
                            : request("a", i * 10, (i * 37) % 500, i % 11 != 0, i % 3 == 0, i);
            every.add(t);
            add(c, t, out);
            if (i % 47 == 0) {
                c.flushAll(out::add); // a checkpoint
            }
        }
        c.advance(Long.MAX_VALUE, out::add);
        assertThat(out.size()).isGreaterThan(5); // failures and checkpoints split the window
        NodeWindowStats merged = new NodeWindowStats();
        out.forEach(p -> merged.merge(p.stats()));
        assertThat(merged.toScore(0, W, 0, math)).isEqualTo(every.toScore(0, W, 0, math));
    }

    @Test
    void aResendIsCountedOnceAcrossTheWindowsPartials() {
        WindowCombiner c = combiner(QoeOptions.DEFAULTS, 1000);
        add(c, request("a", 10, 100, "r1"), out);
        c.flushAll(out::add);
        add(c, request("a", 20, 100, "r1"), out); // resent after the first partial went
        add(c, request("a", 30, 100, "r2"), out);
        c.advance(W, out::add);
        NodeWindowStats merged = new NodeWindowStats();
        out.forEach(p -> merged.merge(p.stats()));
        assertThat(merged.requests()).isEqualTo(2);
        assertThat(merged.duplicates()).isEqualTo(1);
    }

    @Test
    void aFailureSendsTheWindowAtOnceAfterTheNodesPreviousWindow() {
        WindowCombiner c = combiner(ON_WATERMARK, 1000);
        add(c, request("a", W - 100, 100, true), out); // previous window, still open
        add(c, request("a", W + 10, 100, true), out);
        assertThat(out).isEmpty();
        add(c, request("a", W + 20, 900, false), out);
        assertThat(out).extracting(WindowCombiner.Partial::start).containsExactly(0L, W);
        assertThat(out.get(1).stats().requests()).isEqualTo(2);
    }

    @Test
    void aNodesFirstEventOfItsNextWindowSendsItsWindowAtOnceMarkedMovedOn() {
        WindowCombiner c = combiner(QoeOptions.DEFAULTS, 1000);
        for (int i = 0; i < 10; i++) {
            add(c, request("a", i * 400, 100, true), out);
            add(c, request("b", i * 400 + 1, 100, true), out);
        }
        add(c, request("a", W + 10, 100, true), out);
        assertThat(out).hasSize(1);
        WindowCombiner.Partial a = out.get(0);
        assertThat(a.nodeId()).isEqualTo("a");
        assertThat(a.start()).isZero();
        assertThat(a.nodeMovedOn()).isTrue();
        assertThat(a.stats().requests()).isEqualTo(10);
        add(c, request("a", W + 20, 100, true), out); // only the first event of a window sends
        assertThat(out).hasSize(1);
        // a straggler of window 0 (the node's own order broken) goes with the watermark, unmarked
        add(c, request("a", W - 5, 100, true), out);
        assertThat(out).hasSize(1);
        c.advance(W - 1, out::add);
        assertThat(out)
                .filteredOn(p -> p.nodeId().equals("a") && p.start() == 0 && !p.nodeMovedOn())
                .singleElement()
                .satisfies(p -> assertThat(p.stats().requests()).isEqualTo(1));
        assertThat(out)
                .filteredOn(p -> p.nodeId().equals("b"))
                .singleElement()
                .satisfies(p -> assertThat(p.nodeMovedOn()).isFalse());
    }

    @Test
    void aWindowWhosePartialsWentEarlyIsMarkedMovedOnByAnEmptyOne() {
        WindowCombiner c = combiner(QoeOptions.DEFAULTS, 1000);
        add(c, request("a", 10, 900, false), out); // a failure: sent at once
        assertThat(out).hasSize(1);
        add(c, request("a", W + 10, 100, true), out);
        assertThat(out).hasSize(2);
        assertThat(out.get(1).nodeMovedOn()).isTrue();
        assertThat(out.get(1).stats().requests()).isZero();
        // failing stragglers of the closed window wait for the watermark: one revision, not one
        // each
        add(c, request("a", 20, 900, false), out);
        add(c, request("a", 30, 900, false), out);
        assertThat(out).hasSize(2);
        c.advance(W - 1, out::add);
        assertThat(out).hasSize(3);
        assertThat(out.get(2).stats().requests()).isEqualTo(2);
    }

    @Test
    void withCloseOnNodeProgressOffAWindowWaitsForTheWatermark() {
        WindowCombiner c = combiner(ON_WATERMARK, 1000);
        add(c, request("a", 10, 100, true), out);
        add(c, request("a", W + 10, 100, true), out);
        assertThat(out).isEmpty();
        c.advance(W - 1, out::add);
        assertThat(out).singleElement().satisfies(p -> assertThat(p.nodeMovedOn()).isFalse());
    }

    @Test
    void theRequestThatBringsAFailingWindowToTheMinimumCountSendsIt() {
        QoeOptions options =
                QoeOptions.DEFAULTS.withOverrides(Map.of("earlyScoreMinRequests", "4"));
        WindowCombiner c = combiner(options, 1000);
        add(c, request("a", 10, 900, false), out);
        assertThat(out).hasSize(1);
        add(c, request("a", 20, 100, true), out);
        add(c, request("a", 30, 100, true), out);
        assertThat(out).hasSize(1);
        add(c, request("a", 40, 100, true), out); // the 4th request of a window with a failure
        assertThat(out).hasSize(2);
        add(c, request("a", 50, 100, true), out);
        assertThat(out).hasSize(2);
    }

    @Test
    void withEarlyScoresOffFailuresWaitForTheWindowsEnd() {
        QoeOptions off = QoeOptions.DEFAULTS.withOverrides(Map.of("earlyScoreAlpha", "0"));
        WindowCombiner c = combiner(off, 1000);
        for (int i = 0; i < 30; i++) {
            add(c, request("a", i * 10, 900, false), out);
        }
        assertThat(out).isEmpty();
    }

    @Test
    void eventsOfWindowsTheWatermarkHasPassedAreNotCombined() {
        WindowCombiner c = combiner(QoeOptions.DEFAULTS, 1000);
        c.advance(2 * W - 1, out::add);
        Telemetry late = request("a", W + 10, 100, true);
        assertThat(c.add(late, W + 10, out::add)).isFalse();
        assertThat(c.windows()).isZero();
        assertThat(c.add(request("a", 2 * W, 100, true), 2 * W, out::add)).isTrue();
    }

    @Test
    void pastItsBoundTheOldestWindowIsSentAndForgotten() {
        WindowCombiner c = combiner(ON_WATERMARK, 3);
        add(c, request("a", 10, 100, true), out);
        add(c, request("b", 10, 100, true), out);
        add(c, request("a", W + 10, 100, true), out);
        assertThat(out).isEmpty();
        add(c, request("c", W + 20, 100, true), out);
        assertThat(out)
                .extracting(WindowCombiner.Partial::nodeId)
                .containsExactlyInAnyOrder("a", "b");
        assertThat(c.windows()).isEqualTo(2);
    }

    @Test
    void mergingKeepsTheLastPartialsIdentityAsAddingKeepsTheLastEvents() {
        NodeWindowStats first = new NodeWindowStats();
        first.add(request("a", 10, 100, true));
        NodeWindowStats second = new NodeWindowStats();
        second.identify("a", org.qoeflow.schema.Tier.EDGE, "us-east", "phone-low", "tiny-int8");
        QoeScore s = new NodeWindowStats().merge(first).merge(second).toScore(0, W, 0, math);
        assertThat(s.getNodeId()).isEqualTo("a");
        assertThat(s.getRegion()).isEqualTo("us-east");
        assertThat(s.getModelVariant()).isEqualTo("tiny-int8");
    }

    @Test
    void rejectsAnEmptyBoundOrWindow() {
        assertThatThrownBy(() -> new WindowCombiner(0, QoeOptions.DEFAULTS, 10))
                .hasMessageContaining("window size");
        assertThatThrownBy(() -> new WindowCombiner(W, QoeOptions.DEFAULTS, 0))
                .hasMessageContaining("maxWindows");
    }
}
