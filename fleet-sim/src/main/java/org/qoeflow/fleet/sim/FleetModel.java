package org.qoeflow.fleet.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.schema.Telemetry;

/**
 * The one discrete-event model of the fleet, driven by a {@link Scenario}: Poisson arrivals at the
 * load curve's rate, edge devices that serve or offload by the thresholds they hold, cloud pools
 * that queue, route and autoscale, faults, and telemetry. {@link Simulation} (sim, backtest), the
 * anomaly fleet evaluation and the real-time Kafka fleet all step this class; the same scenario and
 * seed give the same requests and telemetry whoever steps it.
 *
 * <p>Time is simulated milliseconds from the start of the run, advanced in {@link #STEP_MS} steps.
 * Not thread-safe.
 */
public final class FleetModel {
    public static final long STEP_MS = 100;
    private static final Comparator<Telemetry> BY_TIME =
            Comparator.comparing(Telemetry::getEventTime);

    private final Scenario scenario;
    private final SplittableRandom rnd;
    private final Consumer<Telemetry> sink;
    private final List<Telemetry> stepTelemetry = new ArrayList<>();
    final SimFleet fleet;
    private final Map<String, Integer> scopeIndex;
    private long epochMillis;
    private boolean stepped;

    /**
     * A model of {@code scenario} whose telemetry (event time {@code epochMillis} + simulated time,
     * in event-time order within each step) goes to {@code sink}; a null sink builds none. Devices
     * start at the control law's initial threshold and uniform routing.
     */
    public FleetModel(Scenario scenario, long epochMillis, Consumer<Telemetry> sink) {
        this.scenario = scenario;
        this.rnd = new SplittableRandom(scenario.seed());
        this.sink = sink;
        this.fleet =
                new SimFleet(scenario, rnd, sink == null ? null : stepTelemetry::add, epochMillis);
        this.epochMillis = epochMillis;
        this.scopeIndex = fleet.scopeIndex();
        Arrays.fill(fleet.threshold, LawOptions.DEFAULTS.offload().thresholdInitialMs());
    }

    /** Simulates (t0, t1]: faults, autoscaling, node samples, then the requests in time order. */
    public void step(long t0, long t1, Consumer<RequestOutcome> outcomes) {
        stepped = true;
        fleet.applyFaults(t1);
        for (CloudRegion c : fleet.clouds) {
            c.autoscale(t1);
        }
        fleet.emitSamples(t0, t1);
        int n = poisson(scenario.qpsAt(t0) * (t1 - t0) / 1000.0);
        long[] times = new long[n];
        for (int j = 0; j < n; j++) {
            times[j] = t0 + rnd.nextLong(t1 - t0);
        }
        Arrays.sort(times);
        for (long t : times) {
            outcomes.accept(fleet.serve(rnd.nextInt(fleet.edge.size), t));
        }
        if (sink != null) {
            stepTelemetry.sort(BY_TIME);
            stepTelemetry.forEach(sink);
            stepTelemetry.clear();
        }
    }

    /** Poisson draw; a normal approximation above a mean of 50. */
    private int poisson(double mean) {
        if (mean > 50) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        int k = 0;
        for (double p = rnd.nextDouble(); p > limit; p *= rnd.nextDouble()) {
            k++;
        }
        return k;
    }

    /** Moves simulated time 0 to {@code epochMillis} of event time; only before the first step. */
    public void startAt(long epochMillis) {
        if (stepped) {
            throw new IllegalStateException("the model has already run");
        }
        this.epochMillis = epochMillis;
        fleet.epochMillis = epochMillis;
    }

    /** Event time of simulated time 0. */
    public long epochMillis() {
        return epochMillis;
    }

    public Scenario scenario() {
        return scenario;
    }

    /**
     * Offload scope names the fleet's devices can hold, {@code offload/<region>/<class>/<variant>}.
     */
    public List<String> offloadScopes() {
        return List.of(fleet.scopeNames);
    }

    /** Sets the threshold and version devices of an offload scope hold; false if no such scope. */
    public boolean setOffload(String scope, double thresholdMs, long version) {
        Integer k = scopeIndex.get(scope);
        if (k == null) {
            return false;
        }
        fleet.threshold[k] = thresholdMs;
        fleet.scopeVersion[k] = version;
        return true;
    }

    /** Sets a region's routing weights and their version; false if no such region. */
    public boolean setRouting(String region, Map<String, Double> weights, long version) {
        int r = regions().indexOf(region);
        if (r < 0) {
            return false;
        }
        fleet.clouds[r].setWeights(weights);
        fleet.routingVersion[r] = version;
        return true;
    }

    /**
     * Feeds a region's autoscaler the offload demand its devices offer (requests/s, e.g. the
     * controller's offered demand); false if no such region.
     */
    public boolean offerDemand(String region, double offeredRps) {
        int r = regions().indexOf(region);
        if (r < 0) {
            return false;
        }
        fleet.clouds[r].offerDemand(offeredRps);
        return true;
    }

    /** The id of cloud node {@code index} (0, 1, ... in order of creation) of {@code region}. */
    public static String cloudNodeId(String region, int index) {
        return "cloud-" + region + "-" + index;
    }

    /** Region names in scenario order. */
    public List<String> regions() {
        return fleet.regionNames();
    }

    /** Ids of the cloud nodes in {@code region}'s pool now. */
    public List<String> cloudNodeIds(String region) {
        int r = regions().indexOf(region);
        return r < 0 ? List.of() : fleet.clouds[r].nodes.stream().map(n -> n.id).toList();
    }

    /** Mean edge device temperature at {@code t} (reads, does not advance, the thermal state). */
    public double meanEdgeTemperatureC(long t) {
        return fleet.meanEdgeTemperatureC(t);
    }

    /** Telemetry records lost to blackouts so far. */
    public long telemetryDropped() {
        return fleet.telemetryDropped;
    }
}
