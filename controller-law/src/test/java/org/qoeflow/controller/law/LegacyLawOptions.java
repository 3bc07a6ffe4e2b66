package org.qoeflow.controller.law;

import java.time.Duration;

/**
 * Estimators and tuning of the control law's sub-laws (per-region offload scopes, congestion
 * pricing, admission cap, peak-EWMA routing, stale-scope fallback), validated at construction; the
 * loop's pace and bounds are in ControlOptions. See docs/control.md.
 *
 * @param window the QoE window length
 * @param staleWindows a scope without a fresh score for this many windows falls back to defaults
 * @param slaMs end-to-end latency SLA; congestion pricing never keeps a request local above it
 *     unless the cloud itself is slower
 * @param payloadKbit request payload sent when offloading, for the transfer-time estimate
 * @param minOffloadedRequests offloaded requests of a scope needed to trust its own measurement of
 *     the cloud latency (else region server latency + network + transfer)
 * @param networkSmoothing EWMA weight of a new network-time (RTT) observation per region
 * @param baseDrift per-decision upward drift of the region's base service time (a running minimum
 *     that forgets)
 * @param admitHighInflation server latency / base service time above which the admission cap closes
 * @param admitLowInflation inflation under which the admission cap reopens
 * @param admitDecrease multiplicative decrease of the admission cap per decision
 * @param admitIncrease additive increase of the admission cap per decision
 * @param minAdmit lowest admission cap
 * @param edgeFailMargin a scope whose local success rate is this much below the cloud's offloads
 *     everything it may
 * @param failurePenaltyMs latency charged for a failed request when costing a cloud node
 * @param costDecay EWMA weight of a new cost observation of a node
 * @param costPeakRatio an observed cost this many times the EWMA replaces it at once (peak EWMA)
 * @param weightMaxStep largest change of one node's routing weight per decision
 * @param weightDeadband weight changes smaller than this (or than 20% of the weight) are skipped
 * @param fallbackThresholdMs offload threshold of a stale scope
 * @param fallbackAdmit admission cap a stale scope restarts from when its telemetry returns
 * @param fallbackRoutingBlend routing of a stale region: 0 holds the last weights decided from
 *     telemetry (drained nodes stay drained), 1 spreads uniformly over the nodes that had weight;
 *     in between, that share of uniform is blended in
 * @param drainPeerMargin a node under the success floor is drained only if its success rate is also
 *     this much below its region's median node: when every node fails alike (the pool is
 *     overloaded), draining some would only pile their load onto the others
 * @param routingGain exponent of the multiplicative routing update: each decision a node's weight
 *     is multiplied by (mean cost / its cost)^gain, so weights move toward equal cost in small
 *     steps (the loop sees a node's queue only a window later; a large gain overshoots and herds)
 * @param maxAnomalyDrainShare at most this share of a region's cloud nodes (at least one) is
 *     drained on anomaly alerts alone at a time (0.34: one node in three)
 * @param anomalyCostMargin an anomaly alert drains a node only if its cost exceeds the mean cost of
 *     its region's other nodes by more than this share (or it is drained already); otherwise the
 *     alert is noted in the reason and the node keeps its weight
 * @param regionScopes publish {@code offload/<region>/<class>/<variant>} scopes; false keeps the
 *     class-wide {@code offload/<class>} scopes (demo, end-to-end test)
 */
public record LegacyLawOptions(
        Duration window,
        int staleWindows,
        double slaMs,
        double payloadKbit,
        double minOffloadedRequests,
        double networkSmoothing,
        double baseDrift,
        double admitHighInflation,
        double admitLowInflation,
        double admitDecrease,
        double admitIncrease,
        double minAdmit,
        double edgeFailMargin,
        double failurePenaltyMs,
        double costDecay,
        double costPeakRatio,
        double weightMaxStep,
        double weightDeadband,
        double fallbackThresholdMs,
        double fallbackAdmit,
        double fallbackRoutingBlend,
        double drainPeerMargin,
        double routingGain,
        double routingCostDeadband,
        double maxAnomalyDrainShare,
        double anomalyCostMargin,
        boolean regionScopes) {

    public static final LegacyLawOptions DEFAULTS =
            new LegacyLawOptions(
                    Duration.ofSeconds(5),
                    2,
                    500,
                    256,
                    20,
                    0.3,
                    0.002,
                    2.0,
                    1.5,
                    0.7,
                    0.05,
                    0.1,
                    0.05,
                    2000,
                    0.3,
                    1.5,
                    0.1,
                    0.02,
                    500,
                    1.0,
                    0.0,
                    0.1,
                    0.1,
                    0.25,
                    0.34,
                    1.0,
                    true);

    public LegacyLawOptions {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be > 0, got " + window);
        }
        range("staleWindows", staleWindows, 1, 100);
        range("slaMs", slaMs, 1, 1e6);
        range("payloadKbit", payloadKbit, 0, 1e6);
        range("minOffloadedRequests", minOffloadedRequests, 1, 1e6);
        range("networkSmoothing", networkSmoothing, 0.01, 1);
        range("baseDrift", baseDrift, 0, 0.1);
        range("admitHighInflation", admitHighInflation, 1, 100);
        range("admitLowInflation", admitLowInflation, 1, admitHighInflation);
        range("admitDecrease", admitDecrease, 0.05, 1);
        range("admitIncrease", admitIncrease, 0, 1);
        range("minAdmit", minAdmit, 0, 1);
        range("edgeFailMargin", edgeFailMargin, 0, 1);
        range("failurePenaltyMs", failurePenaltyMs, 0, 1e6);
        range("costDecay", costDecay, 0.01, 1);
        range("costPeakRatio", costPeakRatio, 1, 100);
        range("weightMaxStep", weightMaxStep, 0.001, 1);
        range("weightDeadband", weightDeadband, 0, 0.5);
        range("fallbackThresholdMs", fallbackThresholdMs, 1, 1e6);
        range("fallbackAdmit", fallbackAdmit, 0, 1);
        range("fallbackRoutingBlend", fallbackRoutingBlend, 0, 1);
        range("drainPeerMargin", drainPeerMargin, 0, 1);
        range("routingGain", routingGain, 0.01, 1);
        range("routingCostDeadband", routingCostDeadband, 0, 10);
        range("maxAnomalyDrainShare", maxAnomalyDrainShare, 0, 1);
        range("anomalyCostMargin", anomalyCostMargin, 0, 10);
    }

    /** These options with class-wide ({@code offload/<class>}) or per-region offload scopes. */
    public LegacyLawOptions withRegionScopes(boolean v) {
        return toBuilder().regionScopes(v).build();
    }

    /** These options for telemetry windows of {@code w}. */
    public LegacyLawOptions withWindow(Duration w) {
        return toBuilder().window(w).build();
    }

    /** These options for a latency SLA (also the stale-scope threshold) and request payload. */
    public LegacyLawOptions withSla(double sla, double payload) {
        return toBuilder().slaMs(sla).payloadKbit(payload).fallbackThresholdMs(sla).build();
    }

    /** A builder starting from these options; {@link Builder#build()} validates. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-with for the record: set what changes, {@link #build()} validates the whole. */
    public static final class Builder {
        private Duration window;
        private int staleWindows;
        private double slaMs;
        private double payloadKbit;
        private double minOffloadedRequests;
        private double networkSmoothing;
        private double baseDrift;
        private double admitHighInflation;
        private double admitLowInflation;
        private double admitDecrease;
        private double admitIncrease;
        private double minAdmit;
        private double edgeFailMargin;
        private double failurePenaltyMs;
        private double costDecay;
        private double costPeakRatio;
        private double weightMaxStep;
        private double weightDeadband;
        private double fallbackThresholdMs;
        private double fallbackAdmit;
        private double fallbackRoutingBlend;
        private double drainPeerMargin;
        private double routingGain;
        private double routingCostDeadband;
        private double maxAnomalyDrainShare;
        private double anomalyCostMargin;
        private boolean regionScopes;

        private Builder(LegacyLawOptions o) {
            this.window = o.window;
            this.staleWindows = o.staleWindows;
            this.slaMs = o.slaMs;
            this.payloadKbit = o.payloadKbit;
            this.minOffloadedRequests = o.minOffloadedRequests;
            this.networkSmoothing = o.networkSmoothing;
            this.baseDrift = o.baseDrift;
            this.admitHighInflation = o.admitHighInflation;
            this.admitLowInflation = o.admitLowInflation;
            this.admitDecrease = o.admitDecrease;
            this.admitIncrease = o.admitIncrease;
            this.minAdmit = o.minAdmit;
            this.edgeFailMargin = o.edgeFailMargin;
            this.failurePenaltyMs = o.failurePenaltyMs;
            this.costDecay = o.costDecay;
            this.costPeakRatio = o.costPeakRatio;
            this.weightMaxStep = o.weightMaxStep;
            this.weightDeadband = o.weightDeadband;
            this.fallbackThresholdMs = o.fallbackThresholdMs;
            this.fallbackAdmit = o.fallbackAdmit;
            this.fallbackRoutingBlend = o.fallbackRoutingBlend;
            this.drainPeerMargin = o.drainPeerMargin;
            this.routingGain = o.routingGain;
            this.routingCostDeadband = o.routingCostDeadband;
            this.maxAnomalyDrainShare = o.maxAnomalyDrainShare;
            this.anomalyCostMargin = o.anomalyCostMargin;
            this.regionScopes = o.regionScopes;
        }

        public Builder window(Duration v) {
            this.window = v;
            return this;
        }

        public Builder staleWindows(int v) {
            this.staleWindows = v;
            return this;
        }

        public Builder slaMs(double v) {
            this.slaMs = v;
            return this;
        }

        public Builder payloadKbit(double v) {
            this.payloadKbit = v;
            return this;
        }

        public Builder minOffloadedRequests(double v) {
            this.minOffloadedRequests = v;
            return this;
        }

        public Builder networkSmoothing(double v) {
            this.networkSmoothing = v;
            return this;
        }

        public Builder baseDrift(double v) {
            this.baseDrift = v;
            return this;
        }

        public Builder admitHighInflation(double v) {
            this.admitHighInflation = v;
            return this;
        }

        public Builder admitLowInflation(double v) {
            this.admitLowInflation = v;
            return this;
        }

        public Builder admitDecrease(double v) {
            this.admitDecrease = v;
            return this;
        }

        public Builder admitIncrease(double v) {
            this.admitIncrease = v;
            return this;
        }

        public Builder minAdmit(double v) {
            this.minAdmit = v;
            return this;
        }

        public Builder edgeFailMargin(double v) {
            this.edgeFailMargin = v;
            return this;
        }

        public Builder failurePenaltyMs(double v) {
            this.failurePenaltyMs = v;
            return this;
        }

        public Builder costDecay(double v) {
            this.costDecay = v;
            return this;
        }

        public Builder costPeakRatio(double v) {
            this.costPeakRatio = v;
            return this;
        }

        public Builder weightMaxStep(double v) {
            this.weightMaxStep = v;
            return this;
        }

        public Builder weightDeadband(double v) {
            this.weightDeadband = v;
            return this;
        }

        public Builder fallbackThresholdMs(double v) {
            this.fallbackThresholdMs = v;
            return this;
        }

        public Builder fallbackAdmit(double v) {
            this.fallbackAdmit = v;
            return this;
        }

        public Builder fallbackRoutingBlend(double v) {
            this.fallbackRoutingBlend = v;
            return this;
        }

        public Builder drainPeerMargin(double v) {
            this.drainPeerMargin = v;
            return this;
        }

        public Builder routingGain(double v) {
            this.routingGain = v;
            return this;
        }

        public Builder routingCostDeadband(double v) {
            this.routingCostDeadband = v;
            return this;
        }

        public Builder maxAnomalyDrainShare(double v) {
            this.maxAnomalyDrainShare = v;
            return this;
        }

        public Builder anomalyCostMargin(double v) {
            this.anomalyCostMargin = v;
            return this;
        }

        public Builder regionScopes(boolean v) {
            this.regionScopes = v;
            return this;
        }

        public LegacyLawOptions build() {
            return new LegacyLawOptions(
                    window,
                    staleWindows,
                    slaMs,
                    payloadKbit,
                    minOffloadedRequests,
                    networkSmoothing,
                    baseDrift,
                    admitHighInflation,
                    admitLowInflation,
                    admitDecrease,
                    admitIncrease,
                    minAdmit,
                    edgeFailMargin,
                    failurePenaltyMs,
                    costDecay,
                    costPeakRatio,
                    weightMaxStep,
                    weightDeadband,
                    fallbackThresholdMs,
                    fallbackAdmit,
                    fallbackRoutingBlend,
                    drainPeerMargin,
                    routingGain,
                    routingCostDeadband,
                    maxAnomalyDrainShare,
                    anomalyCostMargin,
                    regionScopes);
        }
    }

    /** How long a scope may go without a fresh score before it falls back. */
    public long staleAfterMillis() {
        return window.toMillis() * staleWindows;
    }

    private static void range(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(
                    name + " must be in [" + lo + ", " + hi + "], got " + v);
        }
    }
}
