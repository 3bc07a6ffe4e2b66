package org.qoeflow.fleet.sim;

import java.util.List;

/**
 * A fleet scenario for the discrete-event mode: devices, regions, cloud pool, load curve and
 * faults; read from YAML or JSON by {@link ScenarioLoader}, documented in docs/scenarios.md. Times
 * are simulated milliseconds from the start of the run.
 */
public record Scenario(
        String name,
        String description,
        long durationMs,
        long seed,
        double slaMs,
        double modelGflop,
        double payloadKbit,
        Edge edge,
        List<Region> regions,
        Cloud cloud,
        List<LoadPoint> load,
        List<FaultSpec> faults) {

    /** The edge fleet: device count, sample period and device classes. */
    public record Edge(int devices, long samplePeriodMs, List<DeviceClassSpec> classes) {}

    /** One edge device class: compute, latency, power, thermal model and its model variant. */
    public record DeviceClassSpec(
            String name,
            double share,
            double gflops,
            double latencyMs,
            double maxFreqMhz,
            double idleMw,
            double activeMw,
            double radioMw,
            double failureRate,
            String variant,
            Thermal thermal) {}

    /**
     * Newton cooling toward ambient with heating by local inference; the clock falls {@code
     * freqDropPerC} per degree above {@code throttleC}, to {@code minFreq}; latency stddev grows
     * linearly from {@code sdCoolMs} at 25 C to {@code sdHotMs} at 60 C.
     */
    public record Thermal(
            double ambientC,
            double heatCPerBusySecond,
            double coolingTauMs,
            double throttleC,
            double freqDropPerC,
            double minFreq,
            double sdCoolMs,
            double sdHotMs) {}

    /** A region: share of the devices, RTT and per-device bandwidth distributions (normal). */
    public record Region(
            String name,
            double share,
            double rttMeanMs,
            double rttSdMs,
            double bandwidthMeanKbps,
            double bandwidthSdKbps) {}

    /** Each region's cloud pool: per-node capacity and the autoscaler. */
    public record Cloud(
            double computeMs,
            int slotsPerNode,
            int minNodes,
            int maxNodes,
            int initialNodes,
            double targetUtilization,
            long scaleUpDelayMs,
            long scaleDownDelayMs,
            long autoscaleIntervalMs,
            double timeoutMs,
            double failureRate) {

        /** Requests per second one node serves at utilization 1. */
        public double capacityRps() {
            return slotsPerNode * 1000.0 / computeMs;
        }
    }

    /** Fleet request rate at a time; linear in between points, flat after the last. */
    public record LoadPoint(long atMs, double qps) {}

    /** The kinds of fault a scenario can inject. */
    public enum FaultKind {
        SLOW_NODE,
        ERROR_BURST,
        /** Every cloud node of a region (also nodes added during it) fails fast alike. */
        REGION_BROWNOUT,
        THERMAL_WAVE,
        BANDWIDTH_COLLAPSE,
        TELEMETRY_BLACKOUT,
        BAD_MODEL_ROLLOUT
    }

    /**
     * One injected fault over [start, end). Targets: {@code region} + {@code node} index (slow
     * node, error burst), {@code deviceClass} (thermal wave, bad rollout; null = all classes),
     * {@code region} (bandwidth collapse, blackout; null = all regions). Magnitudes: {@code factor}
     * (compute or bandwidth divisor, rollout latency), {@code probability} (error burst, region
     * brownout, rollout failure rate), {@code deltaC} (thermal), {@code share} (devices on the
     * rolled-out variant).
     */
    public record FaultSpec(
            FaultKind kind,
            long startMs,
            long endMs,
            String region,
            int node,
            String deviceClass,
            String variant,
            double factor,
            double probability,
            double deltaC,
            double share) {

        public boolean activeAt(long t) {
            return t >= startMs && t < endMs;
        }

        /** The same fault over [{@code start}, {@code start + duration}). */
        public FaultSpec movedTo(long start, long duration) {
            return new FaultSpec(
                    kind,
                    start,
                    start + duration,
                    region,
                    node,
                    deviceClass,
                    variant,
                    factor,
                    probability,
                    deltaC,
                    share);
        }
    }

    /** Fleet requests per second at {@code t}. */
    public double qpsAt(long t) {
        LoadPoint prev = load.get(0);
        if (t <= prev.atMs()) {
            return prev.qps();
        }
        for (LoadPoint p : load) {
            if (t < p.atMs()) {
                double f = (double) (t - prev.atMs()) / (p.atMs() - prev.atMs());
                return prev.qps() + f * (p.qps() - prev.qps());
            }
            prev = p;
        }
        return prev.qps();
    }

    /** This scenario running for {@code ms} instead (tests, quick looks). */
    public Scenario withDurationMs(long ms) {
        return copy(ms, seed, edge, cloud, load, faults);
    }

    /** This scenario with another seed. */
    public Scenario withSeed(long s) {
        return copy(durationMs, s, edge, cloud, load, faults);
    }

    /** This scenario with {@code n} edge devices. */
    public Scenario withDevices(int n) {
        return copy(
                durationMs,
                seed,
                new Edge(n, edge.samplePeriodMs(), edge.classes()),
                cloud,
                load,
                faults);
    }

    /**
     * This scenario with a fixed pool of {@code total} cloud nodes spread evenly over the regions
     * (no autoscaling); {@code total} must be a positive multiple of the region count.
     */
    public Scenario withCloudNodes(int total) {
        if (total < regions.size() || total % regions.size() != 0) {
            throw new IllegalArgumentException(
                    "cloud nodes must be a positive multiple of the "
                            + regions.size()
                            + " regions, was "
                            + total);
        }
        int n = total / regions.size();
        Cloud c = cloud;
        Cloud fixed =
                new Cloud(
                        c.computeMs(),
                        c.slotsPerNode(),
                        n,
                        n,
                        n,
                        c.targetUtilization(),
                        c.scaleUpDelayMs(),
                        c.scaleDownDelayMs(),
                        c.autoscaleIntervalMs(),
                        c.timeoutMs(),
                        c.failureRate());
        return copy(durationMs, seed, edge, fixed, load, faults);
    }

    /** This scenario at a flat {@code qps} requests per second. */
    public Scenario withQps(double qps) {
        if (!(qps >= 0 && qps <= 10_000_000)) {
            throw new IllegalArgumentException("qps must be in [0, 10000000], was " + qps);
        }
        return copy(durationMs, seed, edge, cloud, List.of(new LoadPoint(0, qps)), faults);
    }

    /** This scenario with {@code f} as its faults. */
    public Scenario withFaults(List<FaultSpec> f) {
        return copy(durationMs, seed, edge, cloud, load, List.copyOf(f));
    }

    /**
     * This scenario with its faults moved so the first starts at {@code startMs}, each lasting
     * {@code durationMs} (their offsets from the first kept): how {@code --fault-at} and {@code
     * --fault-duration} overlay a scenario.
     */
    public Scenario withFaultsAt(long startMs, long faultDurationMs) {
        if (startMs < 0 || faultDurationMs <= 0) {
            throw new IllegalArgumentException(
                    "fault start must be >= 0 and duration > 0, was "
                            + startMs
                            + " and "
                            + faultDurationMs);
        }
        long first = faults.stream().mapToLong(FaultSpec::startMs).min().orElse(0);
        return withFaults(
                faults.stream()
                        .map(f -> f.movedTo(startMs + f.startMs() - first, faultDurationMs))
                        .toList());
    }

    private Scenario copy(
            long duration, long s, Edge e, Cloud c, List<LoadPoint> l, List<FaultSpec> f) {
        return new Scenario(
                name,
                description,
                duration,
                s,
                slaMs,
                modelGflop,
                payloadKbit,
                e,
                regions,
                c,
                l,
                f);
    }
}
