package org.qoeflow.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qoeflow.fleet.FleetEvents.e2e;
import static org.qoeflow.fleet.FleetEvents.edge;
import static org.qoeflow.fleet.FleetEvents.fact;
import static org.qoeflow.fleet.FleetEvents.mean;
import static org.qoeflow.fleet.FleetEvents.requests;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.qoeflow.controller.law.OffloadScope;
import org.qoeflow.fleet.ControlClient.Outcome;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

class FleetModelRolloutTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long START = T0 + 30_000;
    private static final long END = T0 + 60_000;
    private static final long STOP = T0 + 90_000;
    private static final long STEP_MS = FleetSimulator.STEP_MS;
    private static final String BAD_VARIANT = "tiny-int3";

    private static final Predicate<Telemetry> TARGETED =
            edge().and(t -> t.getRegion().equals("eu-west"))
                    .and(t -> t.getDeviceClass().equals("phone-mid"));

    /** 90 s of a fleet at the default offload threshold: phone-mid devices infer locally. */
    private static List<Telemetry> run(boolean rollout) {
        FleetSimulator sim =
                new FleetSimulator(
                        FleetOptions.defaults()
                                .withEdgeNodes(200)
                                .withRequestsPerSecond(400)
                                .withSeed(17));
        if (rollout) {
            sim.injectFault(Fault.badModelRollout("eu-west", "phone-mid", BAD_VARIANT, START, END));
        }
        List<Telemetry> out = new ArrayList<>();
        for (long t = T0; t < STOP; t += 1000) {
            out.addAll(sim.advance(t, t + 1000));
        }
        return out;
    }

    /**
     * Events of the targeted devices from simulator steps under the rollout: a step (t0, t1] plays
     * the faults active at t1, so [START, END) covers the events in (START - STEP_MS, END -
     * STEP_MS].
     */
    private static boolean underRollout(Telemetry t) {
        long at = t.getEventTime().toEpochMilli();
        return TARGETED.test(t) && at > START - STEP_MS && at <= END - STEP_MS;
    }

    private static Predicate<Telemetry> between(long from, long to) {
        return t -> t.getEventTime().toEpochMilli() >= from && t.getEventTime().toEpochMilli() < to;
    }

    @Test
    void rolloutChangesOnlyTheTargetedDevicesTelemetryDuringItsInterval() {
        List<Telemetry> faulty = run(true);
        List<Telemetry> healthy = run(false);

        // Same requests on the same devices: everything but the targeted devices' telemetry
        // from the rollout on is identical to the fleet without it (none of them starts to
        // offload, which would load the cloud nodes).
        assertThat(faulty).hasSameSizeAs(healthy);
        for (int k = 0; k < faulty.size(); k++) {
            Telemetry f = faulty.get(k);
            if (!TARGETED.test(f) || f.getEventTime().toEpochMilli() <= START - STEP_MS) {
                assertThat(f).isEqualTo(healthy.get(k));
            }
        }
        Predicate<Telemetry> during = FleetModelRolloutTest::underRollout;
        for (Telemetry t : faulty) {
            String variant =
                    t.getTier() == Tier.CLOUD
                            ? FleetSimulator.CLOUD_MODEL_VARIANT
                            : during.test(t) ? BAD_VARIANT : FleetSimulator.EDGE_MODEL_VARIANT;
            assertThat(t.getModelVariant()).as("%s", t).isEqualTo(variant);
        }

        assertThat(localFailureRate(faulty, during)).isBetween(0.15, 0.25);
        assertThat(localFailureRate(healthy, during)).isLessThan(0.02);
        // Rolled back: the devices are a little warmer for a while, but infer as before.
        Predicate<Telemetry> after = TARGETED.and(between(END, STOP));
        assertThat(localFailureRate(faulty, after)).isLessThan(0.02);
        assertThat(meanLocalE2e(faulty, after)).isLessThan(1.05 * meanLocalE2e(healthy, after));
        assertThat(meanLocalE2e(faulty, during))
                .isGreaterThan(1.35 * meanLocalE2e(healthy, during));
    }

    private static List<Telemetry> localRequests(List<Telemetry> events, Predicate<Telemetry> p) {
        return requests(events).filter(p).filter(t -> !fact(t).getOffloaded()).toList();
    }

    private static double localFailureRate(List<Telemetry> events, Predicate<Telemetry> p) {
        List<Telemetry> local = localRequests(events, p);
        assertThat(local).hasSizeGreaterThan(500);
        return local.stream().filter(t -> !fact(t).getSuccess()).count() / (double) local.size();
    }

    private static double meanLocalE2e(List<Telemetry> events, Predicate<Telemetry> p) {
        return mean(e2e(localRequests(events, p).stream()));
    }

    @Test
    void rolledOutDevicesFollowTheOffloadScopeOfTheirNewVariant() {
        FleetSimulator sim =
                new FleetSimulator(
                        FleetOptions.defaults()
                                .withEdgeNodes(200)
                                .withRequestsPerSecond(400)
                                .withSeed(17));
        String scope = OffloadScope.scope("eu-west", "phone-mid", BAD_VARIANT);
        ControlUpdate offloadAll =
                ControlUpdate.newBuilder(TestingControl.offload("phone-mid", 1, 1, STOP))
                        .setScope(scope)
                        .build();
        assertThat(sim.apply(offloadAll, T0)).isEqualTo(Outcome.APPLIED);
        sim.injectFault(Fault.badModelRollout("eu-west", "phone-mid", BAD_VARIANT, START, END));

        List<Telemetry> before = sim.advance(T0, START - STEP_MS);
        List<Telemetry> during = sim.advance(START, END - STEP_MS);

        assertThat(requests(before).filter(TARGETED)).noneMatch(t -> fact(t).getOffloaded());
        assertThat(requests(during).filter(TARGETED))
                .isNotEmpty()
                .allSatisfy(
                        t -> {
                            assertThat(fact(t).getOffloaded()).isTrue();
                            assertThat(t.getAppliedControlVersion()).isEqualTo(1);
                        });
    }

    @Test
    void rolloutMustTargetARegionAndClassOfTheFleet() {
        FleetSimulator sim = new FleetSimulator(FleetOptions.defaults().withEdgeNodes(10));
        assertThatThrownBy(
                        () ->
                                sim.injectFault(
                                        Fault.badModelRollout(
                                                "mars", "phone-mid", BAD_VARIANT, T0, T0 + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mars");
        assertThatThrownBy(
                        () ->
                                sim.injectFault(
                                        Fault.badModelRollout(
                                                "eu-west", "toaster", BAD_VARIANT, T0, T0 + 1)))
                .hasMessageContaining("toaster");
        assertThatThrownBy(
                        () ->
                                new Fault(
                                        Fault.Kind.BAD_MODEL_ROLLOUT,
                                        "eu-west/phone-mid",
                                        0.2,
                                        T0,
                                        T0 + 1))
                .hasMessageContaining("<region>/<device_class>/<model_variant>");
    }
}
