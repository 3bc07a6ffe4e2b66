package org.qoeflow.fleet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.qoeflow.controller.law.OffloadScope;
import org.qoeflow.fleet.ControlClient.Outcome;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.Scopes;
import org.qoeflow.schema.Telemetry;

/**
 * A deterministic simulated fleet of edge devices and cloud nodes that serves requests, offloads by
 * the control state it holds and emits telemetry for a simulated clock the caller advances.
 *
 * <p>Not thread-safe; callers synchronize.
 */
public final class FleetSimulator {
    public static final String EDGE_MODEL_VARIANT = "tiny-int4";
    public static final String EDGE_MODEL_VERSION = "1.0.0";
    public static final String CLOUD_MODEL_VARIANT = "large-fp16";
    public static final String CLOUD_MODEL_VERSION = "1.0.0";

    /** Largest simulated step; faults and control state are re-read at every step. */
    static final long STEP_MS = 100;

    static final long SAMPLE_PERIOD_MS = 1_000;
    private static final double PAYLOAD_KBIT = 256;
    private static final Comparator<Telemetry> BY_TIME =
            Comparator.comparing(Telemetry::getEventTime);

    private final FleetOptions options;
    private final SplittableRandom rnd;
    private final ControlClient control = new ControlClient();
    private final DeviceClass[] classes = DeviceClass.edgeClasses().toArray(DeviceClass[]::new);
    private final String[] regions;
    private final double[] regionRttMs;
    private final String[] edgeIds;
    private final EdgeDevices edge;
    private final CloudPool cloud;
    private final Router router;
    private final FaultSchedule faults;

    private final double[][] threshold;
    private final long[][] offloadVersion;
    private final long[] routingVersion;

    private long requests;
    private long offloaded;
    private long failures;
    private long intervalRequests;
    private long intervalOffloaded;
    private long now = Long.MIN_VALUE;

    public FleetSimulator(FleetOptions options) {
        this.options = options;
        this.rnd = new SplittableRandom(options.seed());
        this.regions = options.regions().toArray(String[]::new);
        this.regionRttMs = new double[regions.length];
        for (int r = 0; r < regions.length; r++) {
            regionRttMs[r] = 40 + 40 * rnd.nextDouble();
        }
        double[] mix = new double[classes.length];
        for (int c = 0; c < classes.length; c++) {
            mix[c] = options.classMix().getOrDefault(classes[c].label(), 0.0);
        }
        edge = EdgeDevices.create(classes, mix, options.edgeNodes(), regions.length, rnd);
        edgeIds = new String[edge.size];
        for (int i = 0; i < edge.size; i++) {
            edgeIds[i] = String.format("edge-%06d", i);
        }
        String[] cloudIds = new String[options.cloudNodes()];
        short[] cloudRegion = new short[cloudIds.length];
        for (int k = 0; k < cloudIds.length; k++) {
            cloudRegion[k] = (short) (k % regions.length);
            cloudIds[k] = "cloud-" + regions[cloudRegion[k]] + "-" + (k / regions.length);
        }
        cloud = new CloudPool(cloudIds, cloudRegion, options.cloudCapacityRps());
        router = new Router(regions.length, cloudIds, cloudRegion);
        faults = new FaultSchedule(classes, regions, cloudIds);
        threshold = new double[regions.length][classes.length];
        offloadVersion = new long[regions.length][classes.length];
        routingVersion = new long[regions.length];
    }

    /** Simulates (from, to] and returns its telemetry ordered by event time. */
    public List<Telemetry> advance(long fromMillis, long toMillis) {
        if (toMillis < fromMillis) {
            throw new IllegalArgumentException(
                    "toMillis " + toMillis + " is before fromMillis " + fromMillis);
        }
        List<Telemetry> out = new ArrayList<>();
        intervalRequests = 0;
        intervalOffloaded = 0;
        for (long t0 = fromMillis; t0 < toMillis; ) {
            long t1 = Math.min(toMillis, t0 + STEP_MS);
            step(t0, t1, out);
            t0 = t1;
        }
        now = toMillis;
        return out;
    }

    private void step(long t0, long t1, List<Telemetry> out) {
        faults.applyAt(t1, cloud);
        refreshControl();
        int first = out.size();
        emitSamples(t0, t1, out);
        long[] times = requestTimes(t0, t1);
        for (long t : times) {
            serveRequest(rnd.nextInt(edge.size), t, out);
        }
        out.subList(first, out.size()).sort(BY_TIME);
        cloud.endStep(t1 - t0);
    }

    /**
     * The offload update in force for devices of region {@code r} and class {@code c}: the
     * per-region scope {@code offload/<region>/<class>/<variant>} of the model they run now first,
     * else the class-wide {@code offload/<class>}.
     */
    private Optional<ControlUpdate> offloadUpdate(int r, int c) {
        String label = classes[c].label();
        Optional<ControlUpdate> u =
                control.held(OffloadScope.scope(regions[r], label, faults.modelVariant(r, c)));
        return u.isPresent() ? u : control.held(Scopes.offload(label));
    }

    private void refreshControl() {
        for (int r = 0; r < regions.length; r++) {
            for (int c = 0; c < classes.length; c++) {
                Optional<ControlUpdate> u = offloadUpdate(r, c);
                offloadVersion[r][c] = u.map(ControlUpdate::getVersion).orElse(0L);
                threshold[r][c] =
                        u.map(ControlUpdate::getOffloadThresholdMs)
                                .orElse(options.defaultOffloadThresholdMs());
            }
        }
        for (int r = 0; r < regions.length; r++) {
            routingVersion[r] = control.appliedVersion(Scopes.routing(regions[r]));
            router.update(r, routingVersion[r], control.routingWeights(regions[r]));
        }
    }

    private long[] requestTimes(long t0, long t1) {
        double mean = options.requestsPerSecond() * (t1 - t0) / 1000.0;
        int count = poisson(mean);
        long[] times = new long[count];
        for (int j = 0; j < count; j++) {
            times[j] = t0 + 1 + rnd.nextLong(t1 - t0);
        }
        Arrays.sort(times);
        return times;
    }

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

    private void emitSamples(long t0, long t1, List<Telemetry> out) {
        for (int i = 0; i < edge.size; i++) {
            int c = edge.classIndex[i];
            int r = edge.regionIndex[i];
            for (long t = firstSampleAfter(t0, i); t <= t1; t += SAMPLE_PERIOD_MS) {
                double amb = faults.ambientC(c);
                var s = edge.sample(i, t, amb, faults.bandwidthDivisor(r), rnd);
                out.add(edgeEvent(i, r, c, t, s));
            }
        }
        for (int k = 0; k < cloud.size; k++) {
            int r = cloud.regionIndex[k];
            for (long t = firstSampleAfter(t0, 7 + k); t <= t1; t += SAMPLE_PERIOD_MS) {
                var s = cloud.sample(k, rnd);
                out.add(Events.cloud(cloud.ids[k], regions[r], t, routingVersion[r], s));
            }
        }
    }

    /** An event of edge device {@code i}, stamped with the model variant it runs now. */
    private Telemetry edgeEvent(int i, int r, int c, long t, Object payload) {
        return Events.edge(
                edgeIds[i],
                regions[r],
                classes[c],
                faults.modelVariant(r, c),
                t,
                offloadVersion[r][c],
                payload);
    }

    /** Samples are staggered by node so a large fleet does not report in one burst. */
    private static long firstSampleAfter(long t0, int node) {
        long phase = (node * 7919L) % SAMPLE_PERIOD_MS;
        return t0 - Math.floorMod(t0 - phase, SAMPLE_PERIOD_MS) + SAMPLE_PERIOD_MS;
    }

    private void serveRequest(int i, long t, List<Telemetry> out) {
        int c = edge.classIndex[i];
        int r = edge.regionIndex[i];
        double amb = faults.ambientC(c);
        double slowdown = faults.modelSlowdown(r, c);
        double ttftShare = 0.2 + 0.2 * rnd.nextDouble();
        requests++;
        intervalRequests++;
        Object fact;
        boolean ok;
        if (edge.predictedLocalMs(i, t, amb, slowdown) > threshold[r][c]) {
            offloaded++;
            intervalOffloaded++;
            int k = router.pick(r, rnd);
            double server = cloud.serveMs(k, rnd);
            ok = rnd.nextDouble() >= cloud.failureProbability(k, options.baseFailureProbability());
            double bandwidth = edge.bandwidthKbps(i, faults.bandwidthDivisor(r), rnd);
            double network =
                    regionRttMs[r] * (1 + 0.1 * Math.abs(rnd.nextGaussian()))
                            + PAYLOAD_KBIT / bandwidth * 1000;
            var serverFact = Events.request(server * ttftShare, server, ok, false);
            out.add(Events.cloud(cloud.ids[k], regions[r], t, routingVersion[r], serverFact));
            fact = Events.request(network + server * ttftShare, network + server, ok, true);
        } else {
            double temp = edge.temperature(i, t, amb);
            double latency = edge.runLocal(i, t, amb, slowdown, rnd);
            double p =
                    EdgeDevices.localFailureProbability(options.baseFailureProbability(), temp)
                            + faults.modelFailureProbability(r, c);
            ok = rnd.nextDouble() >= p;
            fact = Events.request(latency * ttftShare, latency, ok, false);
        }
        if (!ok) {
            failures++;
        }
        out.add(edgeEvent(i, r, c, t, fact));
    }

    /** Makes the fleet accept only control updates signed by one of these keys. */
    public void requireSignatures(Map<String, java.security.PublicKey> trustedKeys) {
        control.requireSignatures(trustedKeys);
    }

    /** Offers a control update to the fleet's control client. */
    public Outcome apply(ControlUpdate u, long nowMillis) {
        return control.offer(u, nowMillis);
    }

    /** Schedules a fault; its target must exist in this fleet. */
    public void injectFault(Fault f) {
        faults.add(f);
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

    /** Cloud node ids of {@code region}, in creation order. */
    public List<String> cloudNodeIds(String region) {
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < cloud.size; k++) {
            if (regions[cloud.regionIndex[k]].equals(region)) {
                ids.add(cloud.ids[k]);
            }
        }
        return ids;
    }

    public FleetOptions options() {
        return options;
    }

    /** Counters and state as of the end of the last {@link #advance}. */
    public FleetStats stats() {
        double tempSum = 0;
        for (int i = 0; i < edge.size; i++) {
            tempSum += edge.peekTemperature(i, now, faults.ambientC(edge.classIndex[i]));
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int r = 0; r < regions.length; r++) {
            for (int c = 0; c < classes.length; c++) {
                long v = offloadUpdate(r, c).map(ControlUpdate::getVersion).orElse(0L);
                if (edge.population(c) > 0 && v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        for (String region : regions) {
            long v = control.appliedVersion(Scopes.routing(region));
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
                tempSum / edge.size,
                min == Long.MAX_VALUE ? 0 : min,
                max);
    }
}
