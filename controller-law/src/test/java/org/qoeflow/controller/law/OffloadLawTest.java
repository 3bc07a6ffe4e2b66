package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.qoeflow.controller.law.Views.edge;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qoeflow.controller.law.CloudEstimator.RegionCloud;
import org.qoeflow.schema.OffloadScope;

class OffloadLawTest {
    private final OffloadLaw law = new OffloadLaw(LawOptions.DEFAULTS);
    private final OffloadLaw.State start = new OffloadLaw.State(400, 1.0);

    /** A calm region: server 150 ms on a 150 ms base, 60 ms RTT, all requests succeed. */
    private static RegionCloud calm() {
        return new RegionCloud(150, 150, 60, 1.0, 500);
    }

    @Test
    void thresholdMovesTowardTheCloudLatencyTheScopeSees() {
        // 30 of 100 requests offloaded at 300 ms: 400 + 0.4 * (300 - 400) = 360
        Decision d =
                law.decide(
                        "offload/eu/p/m", List.of(edge("p", 500, 300, 0.3, 100, 1)), calm(), start);
        assertThat(d.offloadThresholdMs()).isCloseTo(360, within(1e-9));
        assertThat(d.reason())
                .startsWith("cost:cloud=300ms(offloaded);price=0ms;fail=+0ms;edge=500ms@40C");
    }

    @Test
    void withoutOwnOffloadedRequestsUsesServerPlusRttPlusTransfer() {
        // 150 server + 60 rtt + 256 kbit at 10 Mbit/s (25.6 ms) = 235.6 -> 400 - 0.4 * 164.4
        Decision d =
                law.decide(
                        "offload/eu/p/m",
                        List.of(edge("p", 80, Double.NaN, 0, 100, 1)),
                        calm(),
                        start);
        assertThat(d.offloadThresholdMs()).isCloseTo(400 - 0.4 * 164.4, within(1e-9));
        assertThat(d.reason()).contains("server+rtt+transfer");
    }

    @Test
    void congestionPriceRaisesTheThresholdButNotAboveTheSla() {
        // server 300 on a 150 base: inflation 2, price 300 * (2 - 1) = 300 -> 600, capped at 500
        RegionCloud busy = new RegionCloud(300, 150, 60, 1.0, 500);
        Decision d =
                law.decide(
                        "offload/eu/p/m",
                        List.of(edge("p", 500, 380, 0.3, 100, 1)),
                        busy,
                        new OffloadLaw.State(490, 1.0));
        assertThat(d.offloadThresholdMs()).isCloseTo(494, within(1e-9));
        assertThat(d.reason()).contains("price=300ms").contains("sla-cap");
    }

    @Test
    void newCloudNodesReopenTheAdmissionCapInProportionAtOnce() {
        RegionCloud drowning = new RegionCloud(600, 150, 60, 0.95, 500);
        // The pool doubled: a 0.3 cap becomes 0.6, then the usual step on the inflation.
        assertThat(law.nextAdmit(calm(), 0.3, 2.0)).isCloseTo(0.65, within(1e-9));
        assertThat(law.nextAdmit(drowning, 0.3, 2.0)).isCloseTo(0.42, within(1e-9));
        assertThat(law.nextAdmit(calm(), 0.8, 2.0)).isEqualTo(1.0);
        // A shrinking pool does not close it: the inflation does.
        assertThat(law.nextAdmit(calm(), 0.3, 0.5)).isCloseTo(0.35, within(1e-9));
    }

    @Test
    void admissionCapClosesWhileTheCloudQueuesAndReopensSlowly() {
        RegionCloud drowning = new RegionCloud(600, 150, 60, 0.95, 500);
        double admit = 1.0;
        for (int i = 0; i < 3; i++) {
            admit = law.nextAdmit(drowning, admit);
        }
        assertThat(admit).isCloseTo(0.343, within(1e-9));
        assertThat(law.nextAdmit(calm(), admit)).isCloseTo(0.393, within(1e-9));
    }

    @Test
    void theAdmissionCapRaisesTheThresholdSoOnlyTheWorstLocalRequestsOffload() {
        // cloud 300 ms, no price; cap 0.5 -> target 600 (beyond the SLA: the cap protects the pool)
        Decision d =
                law.decide(
                        "offload/eu/p/m",
                        List.of(edge("p", 700, 300, 0.5, 100, 1)),
                        calm(),
                        new OffloadLaw.State(550, 0.5));
        assertThat(d.offloadThresholdMs()).isCloseTo(570, within(1e-9));
        assertThat(d.reason()).contains("admit=0.50");
    }

    @Test
    void aScopeWhoseLocalInferenceFailsOffloadsEverything() {
        // overall success 0.85 with half offloaded to a cloud at 1.0: local success 0.7
        Decision d =
                law.decide(
                        "offload/eu/p/m",
                        List.of(edge("p", 200, 250, 0.5, 200, 0.85)),
                        calm(),
                        new OffloadLaw.State(300, 1.0));
        // toward the 50 ms floor: 300 + 0.4 * (50 - 300) = 200, at most 75 ms per decision
        assertThat(d.offloadThresholdMs()).isCloseTo(225, within(1e-9));
        assertThat(d.reason()).contains("edge-failing=0.700");
    }

    @Test
    void aScopeWhoseLocalInferenceFailsStillOffloadsOnlyWhatTheAdmissionCapLets() {
        // As above, with the cap at 0.2: the floor divided by it, 50 / 0.2 = 250 ms, so
        // 300 + 0.4 * (250 - 300) = 280 instead of 225.
        Decision d =
                law.decide(
                        "offload/eu/p/m",
                        List.of(edge("p", 200, 250, 0.5, 200, 0.85)),
                        calm(),
                        new OffloadLaw.State(300, 0.2));
        assertThat(d.offloadThresholdMs()).isCloseTo(280, within(1e-9));
        assertThat(d.reason()).contains("edge-failing=0.700").contains("admit=0.20");
    }

    @Test
    void stepIsRateLimitedAndClamped() {
        RegionCloud slow = new RegionCloud(2800, 2800, 60, 1.0, 500);
        Decision d =
                law.decide(
                        "offload/eu/p/m", List.of(edge("p", 80, 2900, 0.5, 100, 1)), slow, start);
        // 400 + 0.4 * (2900 - 400) would be 1400: upward the limit is 75 ms or, far above the
        // scope's local latency (80 ms), 0.4 x the distance: 400 + 0.4 * 320 = 528
        assertThat(d.offloadThresholdMs()).isCloseTo(528, within(1e-9));
    }

    @Test
    void downwardTheStepLimitWidensOnlyWhileTheAdmissionCapIsClosing() {
        RegionCloud calm = calm();
        List<NodeView> queued = List.of(edge("p", 1800, 220, 0.3, 100, 1));
        // Target ~220 ms far below a 2400 ms threshold: 75 ms per decision with the cap open ...
        Decision open = law.decide("offload/eu/p/m", queued, calm, new OffloadLaw.State(2400, 1));
        assertThat(open.offloadThresholdMs()).isCloseTo(2325, within(1e-9));
        // ... 0.4 x (2400 - 1800) = 240 ms while the cap is below one and reopening.
        Decision capped =
                law.decide("offload/eu/p/m", queued, calm, new OffloadLaw.State(2400, 0.9));
        assertThat(capped.offloadThresholdMs()).isCloseTo(2160, within(1e-9));
    }

    @Test
    void holdsWithoutAnyCloudData() {
        RegionCloud none = new RegionCloud(Double.NaN, Double.NaN, 60, Double.NaN, 0);
        Decision d =
                law.decide(
                        "offload/eu/p/m",
                        List.of(edge("p", 80, Double.NaN, 0, 100, 1)),
                        none,
                        new OffloadLaw.State(420, 1.0));
        assertThat(d.offloadThresholdMs()).isEqualTo(420.0);
        assertThat(d.reason()).isEqualTo("hold:no-cloud-data");
    }

    @Test
    void scopesParseInBothFormats() {
        assertThat(OffloadScope.scope("eu", "phone-high", "tiny-int4"))
                .isEqualTo("offload/eu/phone-high/tiny-int4");
        assertThat(OffloadScope.parse("offload/eu/phone-high/tiny-int4"))
                .contains(OffloadScope.of("eu", "phone-high", "tiny-int4"));
        assertThat(OffloadScope.parse("offload/phone-high").orElseThrow().classWide()).isTrue();
        assertThat(OffloadScope.parse("routing/eu")).isEmpty();
        assertThat(OffloadScope.parse("offload/a/b")).isEmpty();
    }

    @Test
    void aRegionWhoseCloudFailsMoreThanTheEdgeOffloadsLess() {
        // 40% of the cloud's requests fail fast (their latency looks low: 200 ms offloaded), the
        // devices' own requests all succeed: the threshold rises by 0.4 x 2000 ms, not falls.
        RegionCloud brownout = new RegionCloud(90, 150, 60, 0.6, 500);
        List<NodeView> devices = List.of(edge("p", 500, 200, 0.3, 100, 0.88));
        OffloadLaw.State at = new OffloadLaw.State(300, 1.0);
        Decision failing = law.decide("offload/eu/p/m", devices, brownout, at);
        Decision healthy =
                new OffloadLaw(LawOptions.DEFAULTS)
                        .decide(
                                "offload/eu/p/m",
                                List.of(edge("p", 500, 200, 0.3, 100, 1.0)),
                                calm(),
                                at);

        assertThat(failing.offloadThresholdMs()).isGreaterThan(at.thresholdMs());
        assertThat(healthy.offloadThresholdMs()).isLessThan(at.thresholdMs());
        assertThat(failing.reason()).contains("fail=+800ms").contains("cloud-ok=0.6000");
    }

    @Test
    void aVariantFailingOnItsDevicesOffloadsMoreThanOneThatSucceeds() {
        // Local success 0.97 (cloud 1.0): 3% x 2000 ms = 60 ms lower, below the edge-failing rule.
        List<NodeView> failingVariant = List.of(edge("p", 500, 300, 0.3, 100, 0.979));
        Decision d = law.decide("offload/eu/p/bad", failingVariant, calm(), start);
        Decision ok =
                law.decide(
                        "offload/eu/p/m", List.of(edge("p", 500, 300, 0.3, 100, 1)), calm(), start);

        assertThat(d.offloadThresholdMs())
                .isCloseTo(ok.offloadThresholdMs() - 0.4 * 60, within(1.0));
        assertThat(d.reason()).doesNotContain("edge-failing");
    }

    @Test
    void decisionsReportTheEstimatesAndTheDemandTheyUsed() {
        List<NodeView> devices =
                List.of(edge("p", 500, 300, 0.3, 100, 1), edge("p", 200, 300, 0.0, 100, 1));
        OffloadLaw.Outcome o =
                law.decideWithDemand(
                        "offload/eu/p/m", devices, calm(), new OffloadLaw.State(400, 0.5));

        assertThat(o.decision().reason())
                .contains("base=150ms", "rtt=60ms", "infl=1.00", "admit=0.50", "cloud-ok=1.0000");
        // 30 offloaded, plus 70 kept local at 500 ms > the uncapped target (300 ms); the 200 ms
        // device is not demand. Per second of a 5 s window.
        assertThat(o.demand().admittedRps()).isCloseTo(30 / 5.0, within(1e-9));
        assertThat(o.demand().offeredRps()).isCloseTo(100 / 5.0, within(1e-9));
        assertThat(o.demand().deferredRps()).isCloseTo(70 / 5.0, within(1e-9));
    }

    @Test
    void aFullyOffloadedScopeLeavesAFailingRegionWithinADecision() {
        // Nothing runs locally (no local latency to widen the step limit on): the failure price
        // beyond one step (75 ms) is not rate-limited, so the threshold rises by nearly 0.4 x
        // 2000 ms at once, not 75 ms (the rest of the target, 200 + 75 ms, is a step down).
        RegionCloud brownout = new RegionCloud(90, 150, 60, 0.6, 500);
        List<NodeView> allOffloaded = List.of(edge("e", Double.NaN, 200, 1.0, 100, 0.6));
        Decision d = law.decide("offload/eu/e/m", allOffloaded, brownout, start);

        assertThat(d.offloadThresholdMs())
                .isCloseTo(400 + 0.4 * (275 - 400) + (800 - 75), within(1e-9));
        assertThat(d.reason()).contains("fail=+800ms");
    }

    @Test
    void theThresholdAFailurePriceRaisedComesBackDownWhenThePriceGoesAway() {
        RegionCloud brownout = new RegionCloud(90, 150, 60, 0.6, 500);
        List<NodeView> devices = List.of(edge("p", 500, 200, 0.3, 100, 0.88));
        OffloadLaw.State s = new OffloadLaw.State(300, 1.0);
        for (int i = 0; i < 10; i++) {
            s =
                    new OffloadLaw.State(
                            law.decide("offload/eu/p/m", devices, brownout, s).offloadThresholdMs(),
                            1.0);
        }
        double during = s.thresholdMs();
        List<NodeView> healthy = List.of(edge("p", 500, 200, 0.3, 100, 1.0));
        double after = law.decide("offload/eu/p/m", healthy, calm(), s).offloadThresholdMs();

        // The 800 ms the failure added leaves with it in one decision, not at 75 ms per decision.
        assertThat(during).isGreaterThan(1000);
        assertThat(after).isLessThan(during - 700);
    }

    @Test
    void aScopeNeverMeasuredLocallyRisesByTheGainAloneRememberingNoLatency() {
        // Congestion (not failure) raises the target of a fully offloaded class: with no local
        // latency ever measured there is nothing to be swept across, so the 75 ms limit is off.
        RegionCloud busy = new RegionCloud(600, 150, 60, 1.0, 500);
        List<NodeView> allOffloaded = List.of(edge("e", Double.NaN, 700, 1.0, 100, 1.0));
        Decision d = law.decide("offload/eu/e/m", allOffloaded, busy, start);

        assertThat(d.offloadThresholdMs()).isCloseTo(400 + 0.4 * (700 - 400), within(1e-9));
    }

    @Test
    void aScopeOnceMeasuredLocallyKeepsItsStepLimitNearThatLatency() {
        // Measured at 650 ms once, then fully offloaded: near 650 the 75 ms limit holds.
        RegionCloud busy = new RegionCloud(600, 150, 60, 1.0, 500);
        law.decide("offload/eu/e/m", List.of(edge("e", 650, 300, 0.5, 100, 1.0)), calm(), start);
        Decision d =
                law.decide(
                        "offload/eu/e/m",
                        List.of(edge("e", Double.NaN, 900, 1.0, 100, 1.0)),
                        busy,
                        new OffloadLaw.State(600, 1.0));

        assertThat(d.offloadThresholdMs()).isCloseTo(675, within(1e-9));
        assertThat(d.reason()).contains("edge-mem=650ms");
    }

    @Test
    void belowTheLevelThatLastOverranThePoolTheThresholdFallsByQuarterSteps() {
        RegionCloud queueing = new RegionCloud(600, 150, 60, 1.0, 500); // inflation 4
        List<NodeView> half = List.of(edge("e", 650, 230, 0.5, 100, 1.0));
        // The pool began to queue while 563 ms was in force: that level is remembered.
        Decision overran =
                law.decide("offload/eu/e/m", half, queueing, new OffloadLaw.State(563, 1.0));
        assertThat(overran.reason()).contains("caution=563ms");
        // Down to one full step above it the usual 75 ms step ...
        Decision above = law.decide("offload/eu/e/m", half, calm(), new OffloadLaw.State(713, 1.0));
        assertThat(above.offloadThresholdMs()).isCloseTo(638, within(1e-9));
        // ... below that a quarter of it, where a law that saw no overrun takes the full step.
        Decision near = law.decide("offload/eu/e/m", half, calm(), new OffloadLaw.State(638, 1.0));
        assertThat(near.offloadThresholdMs()).isCloseTo(638 - 18.75, within(1e-9));
        Decision fresh =
                new OffloadLaw(LawOptions.DEFAULTS)
                        .decide("offload/eu/e/m", half, calm(), new OffloadLaw.State(638, 1.0));
        assertThat(fresh.offloadThresholdMs()).isCloseTo(563, within(1e-9));
        assertThat(fresh.reason()).doesNotContain("caution");
    }

    @Test
    void theOverrunLevelIsForgottenWhenThePoolGrowsOrOnceAStepBelowIt() {
        RegionCloud queueing = new RegionCloud(600, 150, 60, 1.0, 500);
        List<NodeView> half = List.of(edge("e", 650, 230, 0.5, 100, 1.0));
        law.decide("offload/eu/e/m", half, queueing, new OffloadLaw.State(563, 1.0));
        // More nodes serving: the pool that overran is not the pool now.
        Decision grown =
                law.decide("offload/eu/e/m", half, calm(), new OffloadLaw.State(638, 1.0, 1.5));
        assertThat(grown.offloadThresholdMs()).isCloseTo(563, within(1e-9));
        assertThat(grown.reason()).doesNotContain("caution");

        law.decide("offload/eu/e/n", half, queueing, new OffloadLaw.State(563, 1.0));
        // 500 -> 481.25 by a quarter step, a step below 563 without the pool queueing: forgotten,
        // and the next step is the full one again.
        Decision past = law.decide("offload/eu/e/n", half, calm(), new OffloadLaw.State(500, 1.0));
        assertThat(past.offloadThresholdMs()).isCloseTo(481.25, within(1e-9));
        Decision after =
                law.decide("offload/eu/e/n", half, calm(), new OffloadLaw.State(481.25, 1.0));
        assertThat(after.offloadThresholdMs()).isCloseTo(406.25, within(1e-9));
    }

    @Test
    void aScopeWhoseDevicesFailIsNotHeldByTheOverrunLevel() {
        RegionCloud queueing = new RegionCloud(600, 150, 60, 1.0, 500);
        // half offloaded to a cloud at 1.0 with 0.85 overall: its devices succeed 0.7
        List<NodeView> failing = List.of(edge("e", 650, 230, 0.5, 200, 0.85));
        law.decide("offload/eu/e/m", failing, queueing, new OffloadLaw.State(563, 1.0));
        Decision d = law.decide("offload/eu/e/m", failing, calm(), new OffloadLaw.State(638, 1.0));
        assertThat(d.offloadThresholdMs()).isCloseTo(563, within(1e-9));
        assertThat(d.reason()).contains("edge-failing");
    }
}
