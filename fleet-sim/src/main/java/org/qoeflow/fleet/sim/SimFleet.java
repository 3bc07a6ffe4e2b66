package org.qoeflow.fleet.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.qoeflow.fleet.sim.Scenario.DeviceClassSpec;
import org.qoeflow.fleet.sim.Scenario.FaultKind;
import org.qoeflow.fleet.sim.Scenario.FaultSpec;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.OffloadScope;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

/**
 * The simulated fleet of a scenario: edge devices decide per request to serve locally or offload
 * (predicted local latency incl. queue above the threshold of their scope, then admitted with the
 * scope's admission probability), cloud pools serve and autoscale, faults apply, and telemetry goes
 * to a sink (dropped during a blackout).
 */
final class SimFleet {
    static final String CLOUD_CLASS = "gpu-a100";
    static final String CLOUD_VARIANT = "large-fp16";

    final Scenario scenario;
    final EdgeFleet edge;
    final CloudRegion[] clouds;
    final List<String> variants;
    final String[] scopeNames;
    final double[] threshold;
    final long[] scopeVersion;
    final long[] routingVersion;
    private final SplittableRandom rnd;
    private final Consumer<Telemetry> sink;
    private final double[] ambient;
    private final double[] bwDivisor;
    private final boolean[] blackout;
    long epochMillis;
    private final double[][] rolloutShare;
    private final int[][] rolloutVariant;
    private final double[][] rolloutLatency;
    private final double[][] rolloutFailure;
    long telemetryDropped;

    /** Per-request clairvoyant placement ({@link Policy.Oracle}) instead of thresholds. */
    boolean oracle;

    /** Per-request placement by expected cost from true means ({@link Policy.MeanOracle}). */
    boolean meanOracle;

    /** Added to the cloud's expected cost by the mean oracle ({@link Policy.MeanOracle#biasMs}). */
    double meanOracleBiasMs;

    /**
     * Mean of {@code 1 / (1 + 0.1 Z)}, Z standard normal: the per-request +-10% bandwidth
     * fluctuation lengthens the mean transfer by this factor over payload / mean bandwidth (the
     * series {@code 1 + s^2 + 3 s^4 + 15 s^6}, s = 0.1).
     */
    static final double TRANSFER_FLUCTUATION = 1.010315;

    /** Telemetry is stamped {@code epochMillis} + simulated time. */
    SimFleet(Scenario s, SplittableRandom rnd, Consumer<Telemetry> sink, long epochMillis) {
        this.scenario = s;
        this.epochMillis = epochMillis;
        this.rnd = rnd;
        this.sink = sink;
        this.edge = new EdgeFleet(s, rnd);
        this.clouds = new CloudRegion[s.regions().size()];
        for (int r = 0; r < clouds.length; r++) {
            clouds[r] = new CloudRegion(s.regions().get(r).name(), s.cloud());
        }
        LinkedHashSet<String> v = new LinkedHashSet<>();
        s.edge().classes().forEach(c -> v.add(c.variant()));
        s.faults().stream()
                .filter(f -> f.kind() == FaultKind.BAD_MODEL_ROLLOUT)
                .forEach(f -> v.add(f.variant()));
        this.variants = List.copyOf(v);
        int classes = edge.classes.length;
        int scopes = clouds.length * classes * variants.size();
        scopeNames = new String[scopes];
        for (int r = 0; r < clouds.length; r++) {
            for (int c = 0; c < classes; c++) {
                for (int k = 0; k < variants.size(); k++) {
                    scopeNames[scope(r, c, k)] =
                            OffloadScope.scope(
                                    clouds[r].region, edge.classes[c].name(), variants.get(k));
                }
            }
        }
        threshold = new double[scopes];
        scopeVersion = new long[scopes];
        routingVersion = new long[clouds.length];
        ambient = new double[classes];
        bwDivisor = new double[clouds.length];
        blackout = new boolean[clouds.length];
        rolloutShare = new double[clouds.length][classes];
        rolloutVariant = new int[clouds.length][classes];
        rolloutLatency = new double[clouds.length][classes];
        rolloutFailure = new double[clouds.length][classes];
    }

    int scope(int r, int c, int variant) {
        return (r * edge.classes.length + c) * variants.size() + variant;
    }

    /** Re-applies the faults active at {@code t}. */
    void applyFaults(long t) {
        for (int c = 0; c < ambient.length; c++) {
            ambient[c] = edge.classes[c].thermal().ambientC();
        }
        for (double[] share : rolloutShare) {
            java.util.Arrays.fill(share, 0);
        }
        java.util.Arrays.fill(bwDivisor, 1.0);
        java.util.Arrays.fill(blackout, false);
        for (CloudRegion cr : clouds) {
            for (CloudRegion.Node n : cr.nodes) {
                n.computeFactor = 1.0;
                n.errorProbability = 0;
            }
        }
        for (FaultSpec f : scenario.faults()) {
            if (f.activeAt(t)) {
                apply(f);
            }
        }
    }

    private void apply(FaultSpec f) {
        if (f.kind() == FaultKind.THERMAL_WAVE) {
            for (int c = 0; c < ambient.length; c++) {
                if (inClass(f, c)) {
                    ambient[c] += f.deltaC();
                }
            }
            return;
        }
        for (int r = 0; r < clouds.length; r++) {
            if (f.region() != null && !f.region().equals(clouds[r].region)) {
                continue;
            }
            switch (f.kind()) {
                case SLOW_NODE, ERROR_BURST -> {
                    CloudRegion.Node n = clouds[r].node(f.node());
                    if (n != null) {
                        n.computeFactor *= f.kind() == FaultKind.SLOW_NODE ? f.factor() : 1;
                        n.errorProbability += f.probability();
                    }
                }
                case REGION_BROWNOUT -> {
                    for (CloudRegion.Node n : clouds[r].nodes) {
                        n.errorProbability += f.probability();
                    }
                }
                case BANDWIDTH_COLLAPSE -> bwDivisor[r] *= f.factor();
                case TELEMETRY_BLACKOUT -> blackout[r] = true;
                case BAD_MODEL_ROLLOUT -> {
                    // A later rollout to the same devices replaces an earlier one.
                    for (int c = 0; c < ambient.length; c++) {
                        if (inClass(f, c)) {
                            rolloutShare[r][c] = f.share();
                            rolloutVariant[r][c] = variants.indexOf(f.variant());
                            rolloutLatency[r][c] = f.factor();
                            rolloutFailure[r][c] = f.probability();
                        }
                    }
                }
                default -> {}
            }
        }
    }

    private boolean inClass(FaultSpec f, int c) {
        return f.deviceClass() == null || f.deviceClass().equals(edge.classes[c].name());
    }

    /** Serves a request of device {@code i} arriving at {@code t}. */
    RequestOutcome serve(int i, long t) {
        int c = edge.cls[i];
        int r = edge.region[i];
        DeviceClassSpec cls = edge.classes[c];
        boolean rolled = edge.rolloutDraw[i] < rolloutShare[r][c];
        int variant = rolled ? rolloutVariant[r][c] : variants.indexOf(cls.variant());
        double latencyFactor = rolled ? rolloutLatency[r][c] : 1.0;
        int scope = scope(r, c, variant);
        double temp = edge.temperature(i, t, ambient[c]);
        double localFailure =
                cls.failureRate() + (rolled ? rolloutFailure[r][c] : 0) + (temp > 70 ? 0.02 : 0);
        if (oracle) {
            return serveClairvoyant(i, t, r, c, scope, variant, temp, latencyFactor, localFailure);
        }
        double predicted = edge.waitMs(i, t) + edge.meanLocalMs(i, temp, latencyFactor);
        // The mean oracle places before any of the request's draws: by means only.
        CloudRegion.Node placed =
                meanOracle ? placeByMeans(i, t, r, predicted, localFailure) : null;
        boolean offload = meanOracle ? placed != null : predicted > threshold[scope];
        double e2e;
        boolean ok;
        double energy;
        double ttftShare = 0.2 + 0.2 * rnd.nextDouble();
        if (offload) {
            Link link = link(i, r);
            CloudRegion.Node node = placed != null ? placed : clouds[r].pick(rnd);
            var served = clouds[r].serve(node, link.arrival(t), rnd);
            e2e = link.networkMs() + served.latencyMs();
            ok = served.ok();
            energy = edge.radioEnergyMj(i, link.networkMs());
            emitCloud(r, served.node(), t, served.latencyMs() * ttftShare, served.latencyMs(), ok);
        } else {
            double wait = edge.waitMs(i, t);
            double service = edge.runLocal(i, t, temp, latencyFactor, rnd);
            e2e = wait + service;
            ok = rnd.nextDouble() >= localFailure;
            energy = edge.localEnergyMj(i, service, edge.freqFactor(i, temp));
        }
        return finish(i, t, r, c, scope, variant, e2e, ttftShare, ok, offload, energy);
    }

    /**
     * {@link Policy.Oracle}: draws every random outcome of the request first — its local service
     * time and success, its network time, and its service time and success on each cloud node of
     * the region — then takes the fastest successful one (the fastest if none succeeds).
     */
    private RequestOutcome serveClairvoyant(
            int i,
            long t,
            int r,
            int c,
            int scope,
            int variant,
            double temp,
            double latencyFactor,
            double localFailure) {
        double ttftShare = 0.2 + 0.2 * rnd.nextDouble();
        double localService = edge.localServiceMs(i, temp, latencyFactor, rnd.nextGaussian());
        double localMs = edge.waitMs(i, t) + localService;
        boolean localOk = rnd.nextDouble() >= localFailure;
        Link link = link(i, r);
        double z = rnd.nextGaussian();
        double errorU = rnd.nextDouble();
        double okU = rnd.nextDouble();
        double arrival = link.arrival(t);
        CloudRegion.Served best = null;
        for (CloudRegion.Node n : clouds[r].nodes) {
            var s = clouds[r].serve(n, arrival, z, errorU, () -> okU, false);
            if (best == null || better(s.ok(), s.latencyMs(), best.ok(), best.latencyMs())) {
                best = s;
            }
        }
        boolean offload = better(best.ok(), link.networkMs() + best.latencyMs(), localOk, localMs);
        if (offload) {
            var s = clouds[r].serve(best.node(), arrival, z, errorU, () -> okU, true);
            double e2e = link.networkMs() + s.latencyMs();
            emitCloud(r, s.node(), t, s.latencyMs() * ttftShare, s.latencyMs(), s.ok());
            return finish(
                    i,
                    t,
                    r,
                    c,
                    scope,
                    variant,
                    e2e,
                    ttftShare,
                    s.ok(),
                    true,
                    edge.radioEnergyMj(i, link.networkMs()));
        }
        edge.runLocal(i, t, temp, localService);
        return finish(
                i,
                t,
                r,
                c,
                scope,
                variant,
                localMs,
                ttftShare,
                localOk,
                false,
                edge.localEnergyMj(i, localService, edge.freqFactor(i, temp)));
    }

    /**
     * {@link Policy.MeanOracle}: the cloud node of region {@code r} with the lowest expected cost
     * for device {@code i}'s request at {@code t} if that is below the device's own, else null
     * (serve locally). {@code localMs} is the device's queue wait plus mean service time, {@code
     * localFailure} its failure probability. Costs are {@code (1 - p) * latency + p * timeout} with
     * true means and probabilities now (the cloud's plus {@link #meanOracleBiasMs}); nothing here
     * draws from the request's random stream.
     */
    CloudRegion.Node placeByMeans(int i, long t, int r, double localMs, double localFailure) {
        double timeout = scenario.cloud().timeoutMs();
        double best = (1 - localFailure) * localMs + localFailure * timeout;
        CloudRegion.Node bestNode = null;
        var region = scenario.regions().get(r);
        double transfer =
                scenario.payloadKbit()
                        / edge.meanBandwidthKbps(i, bwDivisor[r])
                        * 1000
                        * TRANSFER_FLUCTUATION;
        double network = transfer + region.rttMeanMs();
        double arrival = t + transfer + region.rttMeanMs() / 2;
        Scenario.Cloud spec = clouds[r].spec();
        for (CloudRegion.Node n : clouds[r].nodes) {
            double cost = meanCloudCost(n, arrival, network, spec) + meanOracleBiasMs;
            if (cost < best) {
                best = cost;
                bestNode = n;
            }
        }
        return bestNode;
    }

    /** Expected cost on node {@code n} of a request reaching it at {@code arrival}. */
    private static double meanCloudCost(
            CloudRegion.Node n, double arrival, double network, Scenario.Cloud spec) {
        double freeAt = Double.POSITIVE_INFINITY;
        for (double f : n.slotFree) {
            freeAt = Math.min(freeAt, f);
        }
        double server = Math.max(0, freeAt - arrival) + spec.computeMs() * n.computeFactor;
        if (server > spec.timeoutMs()) {
            return spec.timeoutMs(); // it would wait past the timeout: fails at the timeout
        }
        double failure = n.errorProbability + (1 - n.errorProbability) * spec.failureRate();
        failure = Math.min(1, failure);
        return (1 - failure) * (network + server) + failure * spec.timeoutMs();
    }

    /** The network leg of an offloaded request: payload transfer and round trip, in ms. */
    private record Link(double transferMs, double rttMs) {
        double networkMs() {
            return transferMs + rttMs;
        }

        /** When the request reaches the cloud node if sent at {@code t}. */
        double arrival(long t) {
            return t + transferMs + rttMs / 2;
        }
    }

    /** Draws device {@code i}'s link to region {@code r} now: bandwidth, then RTT. */
    private Link link(int i, int r) {
        var region = scenario.regions().get(r);
        double bw = edge.bandwidthKbps(i, bwDivisor[r], rnd);
        double rtt = Math.max(5, region.rttMeanMs() + region.rttSdMs() * rnd.nextGaussian());
        return new Link(scenario.payloadKbit() / bw * 1000, rtt);
    }

    /** Success first, then lower latency. */
    private static boolean better(boolean ok, double ms, boolean otherOk, double otherMs) {
        return ok != otherOk ? ok : ms < otherMs;
    }

    private RequestOutcome finish(
            int i,
            long t,
            int r,
            int c,
            int scope,
            int variant,
            double e2e,
            double ttftShare,
            boolean ok,
            boolean offload,
            double energy) {
        DeviceClassSpec cls = edge.classes[c];
        if (sink != null && !blackout[r]) {
            emit(
                    edge.ids[i],
                    Tier.EDGE,
                    r,
                    cls.name(),
                    variants.get(variant),
                    t,
                    scopeVersion[scope],
                    new RequestFact(e2e * ttftShare, e2e, ok, offload, null));
        } else if (sink != null) {
            telemetryDropped++;
        }
        return new RequestOutcome(e2e, ok, offload, energy, scope);
    }

    private void emitCloud(int r, CloudRegion.Node n, long t, double ttft, double e2e, boolean ok) {
        if (sink == null) {
            return;
        }
        if (blackout[r]) {
            telemetryDropped++;
            return;
        }
        emit(
                n.id,
                Tier.CLOUD,
                r,
                CLOUD_CLASS,
                CLOUD_VARIANT,
                t,
                routingVersion[r],
                new RequestFact(ttft, e2e, ok, false, null));
    }

    /** Emits the node samples due in (t0, t1]. */
    void emitSamples(long t0, long t1) {
        if (sink == null) {
            return;
        }
        long period = scenario.edge().samplePeriodMs();
        for (int i = 0; i < edge.size; i++) {
            long phase = (i * 7919L) % period;
            for (long t = firstAfter(t0, phase, period); t <= t1; t += period) {
                int r = edge.region[i];
                int c = edge.cls[i];
                if (blackout[r]) {
                    telemetryDropped++;
                    continue;
                }
                NodeSample s = edge.sample(i, t, period, ambient[c], bwDivisor[r], rnd);
                boolean rolled = edge.rolloutDraw[i] < rolloutShare[r][c];
                int variant =
                        rolled ? rolloutVariant[r][c] : variants.indexOf(edge.classes[c].variant());
                emit(
                        edge.ids[i],
                        Tier.EDGE,
                        r,
                        edge.classes[c].name(),
                        variants.get(variant),
                        t,
                        scopeVersion[scope(r, c, variant)],
                        s);
            }
        }
        for (int r = 0; r < clouds.length; r++) {
            for (CloudRegion.Node n : clouds[r].nodes) {
                for (long t = firstAfter(t0, (n.index * 131L) % 1000, 1000); t <= t1; t += 1000) {
                    if (blackout[r]) {
                        telemetryDropped++;
                        continue;
                    }
                    double inFlight = n.latencySumSinceSample / 1000.0;
                    n.latencySumSinceSample = 0;
                    double util = Math.min(1, inFlight / n.slotFree.length);
                    emit(
                            n.id,
                            Tier.CLOUD,
                            r,
                            CLOUD_CLASS,
                            CLOUD_VARIANT,
                            t,
                            routingVersion[r],
                            new NodeSample(
                                    1410 / n.computeFactor,
                                    60_000 + 340_000 * util,
                                    35 + 40 * util,
                                    10_000_000.0,
                                    0.5,
                                    0.0,
                                    0,
                                    (int) Math.round(inFlight),
                                    81_920 * (0.6 + 0.3 * util)));
                }
            }
        }
    }

    private static long firstAfter(long t0, long phase, long period) {
        return t0 - Math.floorMod(t0 - phase, period) + period;
    }

    private void emit(
            String id,
            Tier tier,
            int r,
            String cls,
            String variant,
            long t,
            long version,
            Object payload) {
        sink.accept(
                new Telemetry(
                        id,
                        tier,
                        clouds[r].region,
                        cls,
                        variant,
                        "1.0.0",
                        Instant.ofEpochMilli(epochMillis + t),
                        version,
                        payload));
    }

    /** Scope index of each scope name, for applying control decisions. */
    java.util.Map<String, Integer> scopeIndex() {
        java.util.Map<String, Integer> m = new java.util.HashMap<>();
        for (int k = 0; k < scopeNames.length; k++) {
            m.put(scopeNames[k], k);
        }
        return m;
    }

    double meanEdgeTemperatureC(long t) {
        double sum = 0;
        for (int i = 0; i < edge.size; i++) {
            sum += edge.peekTemperature(i, t, ambient[edge.cls[i]]);
        }
        return edge.size == 0 ? 0 : sum / edge.size;
    }

    int cloudNodes() {
        int n = 0;
        for (CloudRegion c : clouds) {
            n += c.nodes.size();
        }
        return n;
    }

    List<String> regionNames() {
        List<String> out = new ArrayList<>();
        for (CloudRegion c : clouds) {
            out.add(c.region);
        }
        return out;
    }
}
