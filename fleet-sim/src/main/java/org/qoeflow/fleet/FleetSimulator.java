package org.qoeflow.fleet;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.fleet.client.ControlClient;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.fleet.sim.FleetModel;
import org.qoeflow.fleet.sim.RequestOutcome;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.OffloadScope;
import org.qoeflow.schema.Scopes;
import org.qoeflow.schema.Telemetry;

/**
 * The fleet model of a scenario on an event-time clock the caller advances, behind the reference
 * control client: what the real-time Kafka fleet runs. Control updates go through {@link
 * ControlClient} (signatures, versions, expiry) and what it holds is what the devices apply: the
 * per-region scope {@code offload/<region>/<class>/<variant>} first, else the class-wide {@code
 * offload/<class>}, else the initial threshold.
 *
 * <p>Only whole {@link FleetModel#STEP_MS} steps are simulated, so how the clock is chopped into
 * {@link #advance} calls does not change the run. Not thread-safe; callers synchronize.
 */
public final class FleetSimulator {
    private final FleetModel model;
    private final ControlClient control = new ControlClient();
    private final List<Telemetry> out = new ArrayList<>();
    private boolean started;
    private long simulatedMs;
    private long requests;
    private long offloaded;
    private long failures;
    private long intervalRequests;
    private long intervalOffloaded;

    public FleetSimulator(Scenario scenario) {
        this.model = new FleetModel(scenario, 0, out::add);
        refreshControl();
    }

    /**
     * Simulates up to event time {@code toMillis} and returns its telemetry in event-time order.
     * The first call's {@code fromMillis} is event time 0 of the scenario (its faults and load
     * curve).
     */
    public List<Telemetry> advance(long fromMillis, long toMillis) {
        if (toMillis < fromMillis) {
            throw new IllegalArgumentException(
                    "toMillis " + toMillis + " is before fromMillis " + fromMillis);
        }
        if (!started) {
            model.startAt(fromMillis);
            started = true;
        }
        intervalRequests = 0;
        intervalOffloaded = 0;
        long target = toMillis - model.epochMillis();
        while (simulatedMs + FleetModel.STEP_MS <= target) {
            model.step(simulatedMs, simulatedMs + FleetModel.STEP_MS, this::count);
            simulatedMs += FleetModel.STEP_MS;
        }
        List<Telemetry> events = List.copyOf(out);
        out.clear();
        return events;
    }

    private void count(RequestOutcome o) {
        requests++;
        intervalRequests++;
        if (o.offloaded()) {
            offloaded++;
            intervalOffloaded++;
        }
        if (!o.ok()) {
            failures++;
        }
    }

    /** Makes the fleet accept only control updates signed by one of these keys. */
    public void requireSignatures(Map<String, PublicKey> trustedKeys) {
        control.requireSignatures(trustedKeys);
    }

    /** Offers a control update to the fleet's control client; what it holds, the devices apply. */
    public Outcome apply(ControlUpdate u, long nowMillis) {
        Outcome outcome = control.offer(u, nowMillis);
        if (outcome == Outcome.APPLIED) {
            refreshControl();
        }
        return outcome;
    }

    private void refreshControl() {
        for (String scope : model.offloadScopes()) {
            Optional<ControlUpdate> u = offloadInForce(scope);
            model.setOffload(
                    scope,
                    u.map(ControlUpdate::getOffloadThresholdMs)
                            .orElse(LawOptions.DEFAULTS.offload().thresholdInitialMs()),
                    u.map(ControlUpdate::getVersion).orElse(0L));
        }
        for (String region : model.regions()) {
            model.setRouting(
                    region,
                    control.routingWeights(region),
                    control.appliedVersion(Scopes.routing(region)));
        }
    }

    /** The update devices of an offload scope apply: their own scope's, else their class's. */
    private Optional<ControlUpdate> offloadInForce(String scope) {
        String cls = OffloadScope.parse(scope).orElseThrow().deviceClass();
        return control.held(scope).or(() -> control.held(Scopes.offload(cls)));
    }

    /** The control version the fleet holds for {@code scope} (0 if none). */
    public long appliedVersion(String scope) {
        return control.appliedVersion(scope);
    }

    /** How many control updates ended with {@code outcome}. */
    public long controlOutcomes(Outcome outcome) {
        return control.count(outcome);
    }

    /** Every control update the fleet holds, by scope; a copy. */
    public Map<String, ControlUpdate> heldControl() {
        return control.heldUpdates();
    }

    /** Ids of the cloud nodes in {@code region}'s pool now. */
    public List<String> cloudNodeIds(String region) {
        return model.cloudNodeIds(region);
    }

    public List<String> regions() {
        return model.regions();
    }

    public Scenario scenario() {
        return model.scenario();
    }

    /** Counters and state as of the end of the last {@link #advance}. */
    public FleetStats stats() {
        long min = Long.MAX_VALUE;
        long max = 0;
        List<Long> versions = new ArrayList<>();
        model.offloadScopes()
                .forEach(
                        s ->
                                versions.add(
                                        offloadInForce(s)
                                                .map(ControlUpdate::getVersion)
                                                .orElse(0L)));
        model.regions().forEach(r -> versions.add(control.appliedVersion(Scopes.routing(r))));
        for (long v : versions) {
            if (v > 0) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double share = intervalRequests == 0 ? 0 : (double) intervalOffloaded / intervalRequests;
        return new FleetStats(
                requests,
                offloaded,
                failures,
                share,
                model.meanEdgeTemperatureC(simulatedMs),
                min == Long.MAX_VALUE ? 0 : min,
                max);
    }
}
