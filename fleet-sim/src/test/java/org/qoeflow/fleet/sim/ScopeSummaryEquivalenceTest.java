package org.qoeflow.fleet.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qoeflow.controller.law.ControlLaw;
import org.qoeflow.controller.law.Decision;
import org.qoeflow.controller.law.FleetView;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.OffloadLaw;
import org.qoeflow.controller.law.ScopeSummaries;
import org.qoeflow.controller.law.ScopeSummarizer;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/**
 * The law decides the same on scope summaries as on the per-device view: the closed loop runs a
 * catalog scenario on the per-device view, and at every decision round a second law, fed only the
 * cloud nodes' scores and the summaries a {@link ScopeSummarizer} makes of the edge devices'
 * scores, must make the same decisions. Reasons are compared number by number (to one unit of their
 * printed last digit, the law rounding sums taken in another order), except the offered demand,
 * which the summaries read from a latency histogram (checked against a bound here).
 */
class ScopeSummaryEquivalenceTest {
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:\\.(\\d+))?");
    private static final Pattern OFFERED = Pattern.compile(";offered=[^;]*");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bad-model-rollout",
                "region-brownout",
                "telemetry-blackout",
                "overload-12k",
                "slow-node"
            })
    void decisionsOnSummariesAreThoseOnThePerDeviceView(String name) {
        Scenario scenario = ScenarioLoader.load(name).withDurationMs(240_000);
        LawOptions options = Simulation.lawOptions(scenario);
        ControlLaw onSummaries = new ControlLaw(options);
        ScopeSummarizer summarizer = new ScopeSummarizer();
        ScopeSummaries summaries = new ScopeSummaries();
        FleetView cloudOnly = new FleetView();
        Simulation sim =
                new Simulation(scenario, new Policy.ClosedLoop(), Simulation.Options.QUIET);
        List<Decision> all = new ArrayList<>();
        double[] worstOffered = {0};
        sim.onRound(
                (now, scores, anomalies, decided) -> {
                    for (QoeScore s : scores) {
                        summarizer.observe(s);
                        if (s.getTier() == Tier.CLOUD) {
                            cloudOnly.observe(s);
                        }
                    }
                    anomalies.forEach(cloudOnly::observe);
                    summarizer.evictOlderThan(now - options.loop().staleAfter().toMillis());
                    summarizer.summaries(now).forEach(summaries::observe);

                    List<Decision> mine = onSummaries.decide(summaries, cloudOnly, now);

                    assertSame(decided, mine, now);
                    worstOffered[0] = Math.max(worstOffered[0], offeredGap(sim.law(), onSummaries));
                    assertThat(onSummaries.admissionCaps()).isEqualTo(sim.law().admissionCaps());
                    assertThat(onSummaries.staleScopes()).isEqualTo(sim.law().staleScopes());
                    mine.forEach(d -> onSummaries.markPublished(d, now));
                    all.addAll(mine);
                });
        sim.run();

        assertThat(all).hasSizeGreaterThan(100);
        assertThat(all).anyMatch(d -> d.offloadThresholdMs() != null);
        assertThat(all).anyMatch(d -> d.routingWeights() != null);
        // The histogram's 2 % buckets: the offered demand is within a few percent.
        System.out.println("WORST_OFFERED " + name + " " + worstOffered[0]);
        assertThat(worstOffered[0]).isLessThan(0.05);
    }

    private static void assertSame(List<Decision> expected, List<Decision> actual, long now) {
        String at = "at " + now + " ms";
        assertThat(actual).as(at).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Decision e = expected.get(i);
            Decision a = actual.get(i);
            String what = at + ", " + e.scope();
            assertThat(a.scope()).as(what).isEqualTo(e.scope());
            assertThat(a.kind()).as(what).isEqualTo(e.kind());
            if (e.offloadThresholdMs() == null) {
                assertThat(a.offloadThresholdMs()).as(what).isNull();
            } else {
                assertThat(relative(a.offloadThresholdMs(), e.offloadThresholdMs()))
                        .as(what + " threshold " + a.offloadThresholdMs() + " vs " + e)
                        .isLessThan(1e-9);
            }
            if (e.routingWeights() == null) {
                assertThat(a.routingWeights()).as(what).isNull();
            } else {
                assertThat(a.routingWeights().keySet())
                        .as(what)
                        .isEqualTo(e.routingWeights().keySet());
                e.routingWeights()
                        .forEach(
                                (node, w) ->
                                        assertThat(Math.abs(a.routingWeights().get(node) - w))
                                                .as(what + " weight of " + node)
                                                .isLessThan(1e-9));
            }
            assertSameReason(e.reason(), a.reason(), what);
        }
    }

    /** Same text; the same numbers to one unit of their last printed digit. */
    private static void assertSameReason(String expected, String actual, String what) {
        String e = OFFERED.matcher(expected).replaceAll("");
        String a = OFFERED.matcher(actual).replaceAll("");
        assertThat(NUMBER.matcher(a).replaceAll("#"))
                .as(what + " reason")
                .isEqualTo(NUMBER.matcher(e).replaceAll("#"));
        Matcher me = NUMBER.matcher(e);
        Matcher ma = NUMBER.matcher(a);
        while (me.find() && ma.find()) {
            int decimals = me.group(1) == null ? 0 : me.group(1).length();
            double unit = Math.pow(10, -decimals);
            assertThat(Math.abs(Double.parseDouble(ma.group()) - Double.parseDouble(me.group())))
                    .as(String.format(Locale.ROOT, "%s reason: %s vs %s", what, expected, actual))
                    .isLessThanOrEqualTo(unit * 1.000001);
        }
    }

    /** Largest relative gap of offered demand per region; admitted demand must be the same. */
    private static double offeredGap(ControlLaw perDevice, ControlLaw summaries) {
        Map<String, OffloadLaw.Demand> e = perDevice.offloadDemand();
        Map<String, OffloadLaw.Demand> a = summaries.offloadDemand();
        assertThat(a.keySet()).isEqualTo(e.keySet());
        double worst = 0;
        for (var entry : e.entrySet()) {
            OffloadLaw.Demand de = entry.getValue();
            OffloadLaw.Demand da = a.get(entry.getKey());
            assertThat(relative(da.admittedRps(), de.admittedRps())).isLessThan(1e-9);
            double scale = Math.max(1, de.offeredRps());
            worst = Math.max(worst, Math.abs(da.offeredRps() - de.offeredRps()) / scale);
        }
        return worst;
    }

    private static double relative(double a, double b) {
        if (a == b) {
            return 0;
        }
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }
}
