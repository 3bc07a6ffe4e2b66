package org.qoeflow.controller.law;

import java.util.List;
import java.util.Locale;
import org.qoeflow.controller.law.CloudEstimator.RegionCloud;
import org.qoeflow.schema.ControlKind;

/**
 * The offload threshold of one scope. An edge device offloads a request when it predicts its own
 * latency (at its current temperature, clock and queue) above the threshold, so the threshold is
 * what offloading costs: the cloud latency this scope sees (its own offloaded requests, else region
 * server latency + RTT + payload transfer at the scope's bandwidth) plus the congestion price one
 * more request puts on the region's cloud, capped by the SLA. On top, an admission cap in (0, 1]
 * closes multiplicatively while the cloud's queues grow and reopens additively (AIMD); it divides
 * the threshold, so a peak does not drown the pool while it scales and the requests still offloaded
 * are those whose local alternative is worst (a device whose own queue grows still offloads).
 *
 * <p>Failure is priced too: a failed request costs {@link RoutingOptions#failurePenaltyMs} on top
 * of its (fast) latency, wherever it ran. The threshold therefore rises by (cloud failure rate -
 * local failure rate) x penalty: a region whose cloud fails more often than the scope's own devices
 * sends it less, one whose devices fail more (a bad variant) takes more of it. The cloud's failure
 * rate is the region's (what routing leaves after drains); the local one is the scope's own, i.e.
 * per region, class and variant, remembered while too few requests run locally to measure it (0
 * until first measured).
 */
public final class OffloadLaw {
    private final LawOptions law;
    private final java.util.Map<String, Double> localFailure = new java.util.HashMap<>();

    /** Per scope, its mean local latency when last measured. */
    private final java.util.Map<String, Double> localLatency = new java.util.HashMap<>();

    /** Per scope, the failure price included in its last threshold (not rate-limited). */
    private final java.util.Map<String, Double> failureOffset = new java.util.HashMap<>();

    public OffloadLaw(LawOptions law) {
        this.law = law;
    }

    /** Previous threshold of a scope and the admission cap in force now ({@link #nextAdmit}). */
    public record State(double thresholdMs, double admit, double capacityGrowth) {
        public State(double thresholdMs, double admit) {
            this(thresholdMs, admit, 1.0);
        }
    }

    /**
     * Share of {@link OffloadOptions#thresholdMaxStepMs} a scope's threshold may fall per decision
     * near the level where its region's cloud last began to queue (see {@link #caution}). Set once
     * (a quarter: a class the full step sweeps whole in one decision takes four), not tuned.
     */
    static final double CAUTION_STEP_SHARE = 0.25;

    /**
     * Per scope, the threshold that was in force when its region's cloud last began to queue
     * (inflation above {@code admitHighInflation}): the level at which what the scope offloads last
     * overran the pool. Below it plus one step, the threshold comes down only by {@link
     * #CAUTION_STEP_SHARE} of a step per decision, so it approaches that level instead of crossing
     * it again in one step (cold start of a narrow class on a small pool: each crossing sent the
     * whole class, the pool queued for seconds and the price threw it back, every 30 s). Forgotten
     * when the pool grows (more capacity) and once the threshold is a step below it without the
     * pool queueing (the level no longer marks an overrun).
     */
    private final java.util.Map<String, Double> caution = new java.util.HashMap<>();

    /** Scopes whose region's cloud queued at their last decision. */
    private final java.util.Set<String> queueing = new java.util.HashSet<>();

    /** Aggregates of a scope's edge devices over their latest windows (NaN when absent). */
    record EdgeStats(
            double localMs,
            double offloadedMs,
            double offloaded,
            double local,
            double bandwidthKbps,
            double temperatureC,
            double cpuFreqMhz,
            double successSum,
            double requests) {

        static EdgeStats of(List<NodeView> nodes) {
            double localSum = 0, local = 0, offSum = 0, off = 0, ok = 0, req = 0;
            double bw = 0, bwN = 0, temp = 0, tempN = 0, freq = 0, freqN = 0;
            for (NodeView n : nodes) {
                if (!Double.isNaN(n.localLatencyMs())) {
                    localSum += n.localLatencyMs() * n.localRequests();
                    local += n.localRequests();
                }
                if (!Double.isNaN(n.offloadedLatencyMs())) {
                    offSum += n.offloadedLatencyMs() * n.offloadedRequests();
                    off += n.offloadedRequests();
                }
                ok += n.successRate() * n.requests();
                req += n.requests();
                if (!Double.isNaN(n.bandwidthKbps())) {
                    bw += n.bandwidthKbps();
                    bwN++;
                }
                if (!Double.isNaN(n.temperatureC())) {
                    temp += n.temperatureC();
                    tempN++;
                }
                if (!Double.isNaN(n.cpuFreqMhz())) {
                    freq += n.cpuFreqMhz();
                    freqN++;
                }
            }
            return new EdgeStats(
                    local == 0 ? Double.NaN : localSum / local,
                    off == 0 ? Double.NaN : offSum / off,
                    off,
                    local,
                    bwN == 0 ? Double.NaN : bw / bwN,
                    tempN == 0 ? Double.NaN : temp / tempN,
                    freqN == 0 ? Double.NaN : freq / freqN,
                    ok,
                    req);
        }

        /** Success rate of locally served requests, given the cloud's; NaN if too few. */
        double localSuccess(double cloudSuccess, double minRequests) {
            if (local < minRequests || Double.isNaN(cloudSuccess)) {
                return Double.NaN;
            }
            return Math.max(0, Math.min(1, (successSum - cloudSuccess * offloaded) / local));
        }
    }

    /**
     * What a scope's devices asked of the cloud in their latest windows (requests per second):
     * {@code offered} counts the requests of every device whose mean local latency exceeded the
     * threshold the law would set with the admission cap open, {@code admitted} those offloaded.
     */
    public record Demand(double offeredRps, double admittedRps) {
        public static final Demand NONE = new Demand(0, 0);

        /** Offered requests kept local by the admission cap. */
        public double deferredRps() {
            return Math.max(0, offeredRps - admittedRps);
        }

        Demand plus(Demand o) {
            return new Demand(offeredRps + o.offeredRps, admittedRps + o.admittedRps);
        }
    }

    /** A decision and the scope's offload demand at it. */
    public record Outcome(Decision decision, Demand demand) {}

    /** The next threshold and admission cap of {@code scope}. */
    public Decision decide(
            String scope, List<NodeView> edgeNodes, RegionCloud cloud, State previous) {
        return decideWithDemand(scope, edgeNodes, cloud, previous).decision();
    }

    /** As {@link #decide}, with the scope's offered and admitted offload demand. */
    public Outcome decideWithDemand(
            String scope, List<NodeView> edgeNodes, RegionCloud cloud, State previous) {
        return decideWithDemand(scope, new EdgeInput.Devices(edgeNodes), cloud, previous);
    }

    /**
     * As {@link #decideWithDemand(String, List, RegionCloud, State)} on the sums of the scope's
     * devices (a {@link ScopeSummary}'s fresh parts) instead of the devices.
     */
    public Outcome decideWithDemand(
            String scope, EdgeSums edgeSums, RegionCloud cloud, State previous) {
        return decideWithDemand(scope, new EdgeInput.Sums(edgeSums), cloud, previous);
    }

    /** The law, on either input: the scope's devices or their sums. */
    Outcome decideWithDemand(String scope, EdgeInput edgeNodes, RegionCloud cloud, State previous) {
        EdgeStats edge = edgeNodes.stats();
        String source = "offloaded";
        double cloudMs = edge.offloadedMs();
        if (edge.offloaded() < law.offload().minOffloadedRequests() || Double.isNaN(cloudMs)) {
            source = "server+rtt+transfer";
            double bw = edge.bandwidthKbps();
            double transferMs = bw > 0 ? law.offload().payloadKbit() / bw * 1000 : 0;
            cloudMs = cloud.serverMs() + cloud.networkMs() + transferMs;
        }
        double admit = previous.admit();
        if (Double.isNaN(cloudMs)) {
            Decision hold = decision(scope, previous.thresholdMs(), "hold:no-cloud-data");
            return new Outcome(hold, demand(edgeNodes, previous.thresholdMs()));
        }
        double price = cloud.congestionPriceMs();
        double target = cloudMs + price;
        String tags = "";
        double ceiling = Math.max(law.offload().slaMs(), cloudMs);
        if (target > ceiling) {
            target = ceiling;
            tags += ";sla-cap";
        }
        double localSuccess =
                edge.localSuccess(cloud.successRate(), law.offload().minOffloadedRequests());
        if (!Double.isNaN(localSuccess)) {
            localFailure.put(scope, 1 - localSuccess);
        }
        // A scope never measured locally (it offloads everything) is assumed to succeed on its
        // devices: assuming the cloud's rate instead hid a brownout from exactly the scopes that
        // offload most (seen in region-brownout: embedded-low kept offloading into 40% failures).
        double failureMs =
                (cloud.failureRate() - localFailure.getOrDefault(scope, 0.0))
                        * law.routing().failurePenaltyMs();
        // A failure price beyond one step's size is not rate-limited (below): the threshold a
        // failing cloud raised comes down as soon as the estimate of its failures does (after a
        // brownout: ~200 s at 75 ms per decision before), and a scope leaves a failing region in
        // the decisions its estimate needs to rise, whether or not anything of it runs locally.
        // The estimate is what damps it (FailureEstimate). Up to one step it stays in the
        // rate-limited part, where the gain smooths the noise of a healthy cloud's few failures
        // (passed through whole, +-20 ms of it moved the thresholds of a class sitting at its
        // own local latency); so does a negative price (the devices fail more): it moves load
        // onto the cloud.
        double passFail = Math.max(0, failureMs - law.offload().thresholdMaxStepMs());
        target =
                Math.max(
                        law.offload().thresholdMinMs(),
                        target + Math.min(failureMs, law.offload().thresholdMaxStepMs()));
        Demand demand = demand(edgeNodes, target + passFail);
        boolean edgeFailing = localSuccess < cloud.successRate() - law.offload().edgeFailMargin();
        if (edgeFailing) {
            target = law.offload().thresholdMinMs();
            passFail = 0;
            tags += String.format(Locale.ROOT, ";edge-failing=%.3f", localSuccess);
        }
        // The cap divides a failing scope's floor too: "everything it may" is what the pool can
        // take. Exempt (until session 8), a rolled-out variant failing on its devices sent all of
        // them onto a pool still scaling, which queued for minutes while the cap closed every
        // other scope (heavy-rollout: p95 430-535 ms against 337-381 with the cap).
        if (admit < 1) {
            target /= admit;
        }
        double localMs = edge.localMs();
        if (Double.isFinite(localMs)) {
            localLatency.put(scope, localMs);
        } else {
            localMs = localLatency.getOrDefault(scope, Double.NaN);
        }
        double base =
                Math.max(
                        law.offload().thresholdMinMs(),
                        Math.min(
                                law.offload().thresholdMaxMs(),
                                previous.thresholdMs() - failureOffset.getOrDefault(scope, 0.0)));
        double step = law.offload().thresholdGain() * (target - base);
        // The step limit keeps a whole class from being swept across its own local latency at
        // once. Far from that latency a step moves few requests, so the limit widens with the
        // distance (the same gain) upward, which only takes load off the cloud, and downward while
        // the admission cap is below one, i.e. while the threshold is high because of the cap and
        // follows it as capacity arrives (overload: devices queueing seconds behind a threshold
        // that fell 75 ms per decision). With the cap open the downward limit stays: lowering every
        // scope at once after a brownout sent their load back to a pool scaled down meanwhile
        // (measured: a congestion spike and a re-closed cap). The local latency is the scope's
        // own, else the last one measured; a scope never measured locally (it offloads everything)
        // has nothing to be swept across upward, so its upward step is the gain's alone (cold
        // start: a class sent whole onto the starting pool left it 75 ms per decision).
        double limit = law.offload().thresholdMaxStepMs();
        if (step > 0 && Double.isNaN(localMs)) {
            limit = step;
        } else if ((step > 0 || admit < 1) && Double.isFinite(localMs)) {
            limit =
                    Math.max(
                            limit,
                            law.offload().thresholdGain()
                                    * Math.abs(previous.thresholdMs() - localMs));
        }
        step = Math.max(-limit, Math.min(limit, step));
        failureOffset.put(scope, passFail);
        double next =
                Math.max(
                        law.offload().thresholdMinMs(),
                        Math.min(law.offload().thresholdMaxMs(), base + step + passFail));
        boolean queued = cloud.inflation() > law.admission().admitHighInflation();
        next = cautious(scope, next, previous, queued, edgeFailing);
        Double c = caution.get(scope);
        if (c != null) {
            tags += String.format(Locale.ROOT, ";caution=%.0fms", c);
        }
        String reason =
                String.format(
                        Locale.ROOT,
                        "cost:cloud=%.0fms(%s);price=%.0fms;fail=%+.0fms;edge=%.0fms@%.0fC/%.0fMHz"
                                + ";admit=%.2f%s;est:server=%.0fms;healthy=%.0fms;base=%.0fms"
                                + ";rtt=%.0fms;infl=%.2f;cloud-ok=%.4f;cloud-fail=%.4f/%.0freq"
                                + ";edge-ok=%.4f;edge-mem=%.0fms"
                                + ";offered=%.1f/s;admitted=%.1f/s",
                        cloudMs,
                        source,
                        price,
                        failureMs,
                        edge.localMs(),
                        edge.temperatureC(),
                        edge.cpuFreqMhz(),
                        admit,
                        tags,
                        cloud.serverMs(),
                        cloud.healthyServerMs(),
                        cloud.baseMs(),
                        cloud.networkMs(),
                        cloud.inflation(),
                        cloud.successRate(),
                        cloud.failureRate(),
                        cloud.failure().requests(),
                        1 - localFailure.getOrDefault(scope, Double.NaN),
                        localMs,
                        demand.offeredRps(),
                        demand.admittedRps());
        return new Outcome(decision(scope, next, reason), demand);
    }

    /**
     * The threshold {@code next} after the {@link #caution} rule: records the level when the
     * region's cloud begins to queue, forgets it when the pool grows, and bounds a downward step
     * near it. A scope whose devices fail more than the cloud (it offloads all it may) is exempt.
     */
    private double cautious(
            String scope, double next, State previous, boolean queued, boolean edgeFailing) {
        if (previous.capacityGrowth() > 1) {
            caution.remove(scope);
        }
        if (!queued) {
            queueing.remove(scope);
        } else if (queueing.add(scope)) {
            caution.put(scope, previous.thresholdMs());
        }
        Double c = caution.get(scope);
        double max = law.offload().thresholdMaxStepMs();
        if (c == null
                || queued
                || edgeFailing
                || next >= previous.thresholdMs()
                || next >= c + max) {
            return next;
        }
        next = Math.max(next, previous.thresholdMs() - CAUTION_STEP_SHARE * max);
        if (next < c - max) {
            caution.remove(scope);
        }
        return next;
    }

    /** Offered (local mean above {@code thresholdMs}, or offloaded) and admitted requests/s. */
    private Demand demand(EdgeInput edge, double thresholdMs) {
        double seconds = law.loop().window().toMillis() / 1000.0;
        return new Demand(
                edge.offeredRequests(thresholdMs) / seconds, edge.offloadedRequests() / seconds);
    }

    /** AIMD on the admission cap: closes while the cloud queues, reopens slowly. */
    public double nextAdmit(RegionCloud cloud, double previous) {
        return nextAdmit(cloud, previous, 1.0);
    }

    /**
     * As {@link #nextAdmit(RegionCloud, double)} after the region's pool grew by {@code
     * capacityGrowth} (serving nodes now / at the last decision): the cap is a share of the pool's
     * capacity, so new nodes reopen it in proportion at once instead of +{@code admitIncrease} per
     * decision while the devices' queues grow (overload: an autoscaled pool idle at 1.2x inflation
     * while the cap took a minute and a half to reopen). A shrinking pool does not close it: the
     * inflation does that.
     */
    public double nextAdmit(RegionCloud cloud, double previous, double capacityGrowth) {
        if (capacityGrowth > 1 && Double.isFinite(capacityGrowth)) {
            previous = Math.min(1.0, previous * capacityGrowth);
        }
        double inflation = cloud.inflation();
        if (inflation > law.admission().admitHighInflation()) {
            return Math.max(law.admission().minAdmit(), previous * law.admission().admitDecrease());
        }
        if (inflation < law.admission().admitLowInflation()) {
            return Math.min(1.0, previous + law.admission().admitIncrease());
        }
        return previous;
    }

    static Decision decision(String scope, double threshold, String reason) {
        return new Decision(scope, ControlKind.OFFLOAD_THRESHOLD, threshold, null, reason);
    }
}
