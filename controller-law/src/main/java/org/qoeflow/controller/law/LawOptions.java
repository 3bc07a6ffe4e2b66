package org.qoeflow.controller.law;

import java.time.Duration;
import java.util.Objects;

/**
 * Every option of the control law, one validated record per sub-law: the loop's pace ({@link
 * LoopOptions}), the offload threshold and its estimators ({@link OffloadOptions}), the admission
 * cap ({@link AdmissionOptions}), cloud routing ({@link RoutingOptions}), draining ({@link
 * DrainOptions}) and the stale-scope fallback ({@link FallbackOptions}). {@link LawOverrides}
 * changes any of them by name. See docs/control.md.
 */
public record LawOptions(
        LoopOptions loop,
        OffloadOptions offload,
        AdmissionOptions admission,
        RoutingOptions routing,
        DrainOptions drain,
        FallbackOptions fallback) {

    public static final LawOptions DEFAULTS =
            new LawOptions(
                    LoopOptions.DEFAULTS,
                    OffloadOptions.DEFAULTS,
                    AdmissionOptions.DEFAULTS,
                    RoutingOptions.DEFAULTS,
                    DrainOptions.DEFAULTS,
                    FallbackOptions.DEFAULTS);

    public LawOptions {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(offload, "offload");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(fallback, "fallback");
    }

    /** These options with {@code v} as the loop options. */
    public LawOptions withLoop(LoopOptions v) {
        return new LawOptions(v, offload, admission, routing, drain, fallback);
    }

    /** These options with {@code v} as the offload options. */
    public LawOptions withOffload(OffloadOptions v) {
        return new LawOptions(loop, v, admission, routing, drain, fallback);
    }

    /** These options with {@code v} as the routing options. */
    public LawOptions withRouting(RoutingOptions v) {
        return new LawOptions(loop, offload, admission, v, drain, fallback);
    }

    /** These options with {@code v} as the fallback options. */
    public LawOptions withFallback(FallbackOptions v) {
        return new LawOptions(loop, offload, admission, routing, drain, v);
    }

    /** These options deciding every {@code interval} and smoothing weights by {@code smoothing}. */
    public LawOptions withPace(Duration interval, double smoothing) {
        LoopOptions l = loop;
        return withLoop(
                        new LoopOptions(
                                interval,
                                l.window(),
                                l.staleAfter(),
                                l.staleWindows(),
                                l.validity(),
                                l.regionScopes()))
                .withRouting(routing.withWeightSmoothing(smoothing));
    }

    /**
     * These options charging a failed request {@code ms} (routing cost and the offload law's
     * failure price): set it to the request timeout a client waits before it gives up or retries.
     */
    public LawOptions withFailurePenalty(double ms) {
        return withRouting(routing.withFailurePenaltyMs(ms));
    }

    /** These options with class-wide ({@code offload/<class>}) or per-region offload scopes. */
    public LawOptions withRegionScopes(boolean v) {
        LoopOptions l = loop;
        return withLoop(
                new LoopOptions(
                        l.decisionInterval(),
                        l.window(),
                        l.staleAfter(),
                        l.staleWindows(),
                        l.validity(),
                        v));
    }

    /** These options for telemetry windows of {@code w}. */
    public LawOptions withWindow(Duration w) {
        LoopOptions l = loop;
        return withLoop(
                new LoopOptions(
                        l.decisionInterval(),
                        w,
                        l.staleAfter(),
                        l.staleWindows(),
                        l.validity(),
                        l.regionScopes()));
    }

    /** These options for a latency SLA (also the stale-scope threshold) and request payload. */
    public LawOptions withSla(double sla, double payload) {
        OffloadOptions o = offload;
        FallbackOptions f = fallback;
        return withOffload(
                        new OffloadOptions(
                                o.thresholdInitialMs(),
                                o.thresholdMinMs(),
                                o.thresholdMaxMs(),
                                o.thresholdGain(),
                                o.thresholdMaxStepMs(),
                                o.defaultNetworkMs(),
                                sla,
                                payload,
                                o.minOffloadedRequests(),
                                o.networkSmoothing(),
                                o.baseDrift(),
                                o.edgeFailMargin(),
                                o.failureHalfLife()))
                .withFallback(
                        new FallbackOptions(sla, f.fallbackAdmit(), f.fallbackRoutingBlend()));
    }
}
