package org.qoeflow.fleet.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.qoeflow.fleet.sim.Scenario.Cloud;
import org.qoeflow.fleet.sim.Scenario.DeviceClassSpec;
import org.qoeflow.fleet.sim.Scenario.Edge;
import org.qoeflow.fleet.sim.Scenario.FaultSpec;
import org.qoeflow.fleet.sim.Scenario.LoadPoint;
import org.qoeflow.fleet.sim.Scenario.Region;
import org.qoeflow.fleet.sim.Scenario.Thermal;

/**
 * A scenario file as {@link ScenarioLoader} binds it (snake_case fields, null = not given), and the
 * checks after binding: ranges, defaults and cross-field rules, each error naming its path.
 */
record ScenarioDoc(
        String name,
        String description,
        Duration duration,
        Long seed,
        Double slaMs,
        ModelDoc model,
        EdgeDoc edge,
        List<RegionDoc> regions,
        CloudDoc cloud,
        List<LoadDoc> load,
        List<FaultDoc> faults) {

    Scenario toScenario() {
        ModelDoc m = required("model", model);
        Edge e = required("edge", edge).toEdge("edge");
        List<Region> rs = new ArrayList<>();
        List<RegionDoc> rd = list("regions", regions, 1);
        for (int i = 0; i < rd.size(); i++) {
            rs.add(rd.get(i).toRegion("regions[" + i + "]"));
        }
        unique(rs.stream().map(Region::name).toList(), "regions[].name");
        List<LoadPoint> points = new ArrayList<>();
        List<LoadDoc> ld = list("load", load, 1);
        for (int i = 0; i < ld.size(); i++) {
            String p = "load[" + i + "]";
            long at = ms(p + ".at", ld.get(i).at(), 0, Long.MAX_VALUE);
            if (!points.isEmpty() && at <= points.get(points.size() - 1).atMs()) {
                throw error(p + ".at", "must increase from one load point to the next");
            }
            points.add(new LoadPoint(at, num(p + ".qps", ld.get(i).qps(), 0, 10_000_000)));
        }
        Set<String> classes =
                e.classes().stream().map(DeviceClassSpec::name).collect(Collectors.toSet());
        Set<String> regionNames = rs.stream().map(Region::name).collect(Collectors.toSet());
        Cloud c = required("cloud", cloud).toCloud("cloud");
        List<FaultSpec> fs = new ArrayList<>();
        List<FaultDoc> fd = list("faults", faults, 0);
        for (int i = 0; i < fd.size(); i++) {
            fs.add(fd.get(i).toSpec("faults[" + i + "]", classes, regionNames, c));
        }
        return new Scenario(
                str("name", name),
                str("description", description, ""),
                ms("duration", duration, 1000, 7L * 24 * 3600 * 1000),
                seed == null ? 42 : seed,
                num("sla_ms", slaMs, 500, 1, 1e6),
                num("model.gflop", m.gflop(), 12, 0.001, 1e6),
                num("model.payload_kbit", m.payloadKbit(), 256, 0, 1e6),
                e,
                rs,
                c,
                points,
                fs);
    }

    static IllegalArgumentException error(String path, String message) {
        return new IllegalArgumentException("scenario field " + path + ": " + message);
    }

    static <T> T required(String path, T value) {
        if (value == null) {
            throw error(path, "is required");
        }
        return value;
    }

    static <T> List<T> list(String path, List<T> value, int min) {
        if (value == null && min == 0) {
            return List.of();
        }
        if (value == null || value.size() < min) {
            throw error(path, "must be a list of at least " + min + " item(s)");
        }
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i) == null) {
                throw error(path + "[" + i + "]", "must be a mapping");
            }
        }
        return value;
    }

    static String str(String path, String value) {
        if (required(path, value).isBlank()) {
            throw error(path, "must be a non-empty string");
        }
        return value;
    }

    static String str(String path, String value, String dflt) {
        return value == null ? dflt : str(path, value);
    }

    static double num(String path, Double value, double lo, double hi) {
        double d = required(path, value);
        if (!(d >= lo && d <= hi)) {
            throw error(path, "must be in [" + lo + ", " + hi + "], got " + d);
        }
        return d;
    }

    static double num(String path, Double value, double dflt, double lo, double hi) {
        return value == null ? dflt : num(path, value, lo, hi);
    }

    static long ms(String path, Duration value, long lo, long hi) {
        long ms = required(path, value).toMillis();
        if (ms < lo || ms > hi) {
            throw error(path, "must be in [" + lo + " ms, " + hi + " ms], got " + ms + " ms");
        }
        return ms;
    }

    static long ms(String path, Duration value, long dflt, long lo, long hi) {
        return value == null ? dflt : ms(path, value, lo, hi);
    }

    private static void unique(List<String> names, String field) {
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException(field + " must be unique, got " + names);
        }
    }

    record ModelDoc(Double gflop, Double payloadKbit) {}

    record EdgeDoc(Double devices, Duration samplePeriod, List<ClassDoc> classes) {
        Edge toEdge(String p) {
            List<DeviceClassSpec> out = new ArrayList<>();
            List<ClassDoc> cd = list(p + ".classes", classes, 1);
            for (int i = 0; i < cd.size(); i++) {
                out.add(cd.get(i).toSpec(p + ".classes[" + i + "]"));
            }
            unique(out.stream().map(DeviceClassSpec::name).toList(), p + ".classes[].name");
            return new Edge(
                    (int) num(p + ".devices", devices, 1, 1_000_000),
                    ms(p + ".sample_period", samplePeriod, 5000, 100, 3_600_000),
                    out);
        }
    }

    record ClassDoc(
            String name,
            Double share,
            Double gflops,
            Double latencyMs,
            Double maxFreqMhz,
            PowerDoc powerMw,
            Double failureRate,
            String variant,
            ThermalDoc thermal) {
        DeviceClassSpec toSpec(String p) {
            PowerDoc power = required(p + ".power_mw", powerMw);
            double latency = num(p + ".latency_ms", latencyMs, 0.1, 1e6);
            return new DeviceClassSpec(
                    str(p + ".name", name),
                    num(p + ".share", share, 0, 1e6),
                    num(p + ".gflops", gflops, 0.001, 1e9),
                    latency,
                    num(p + ".max_freq_mhz", maxFreqMhz, 2000, 1, 1e5),
                    num(p + ".power_mw.idle", power.idle(), 0, 1e6),
                    num(p + ".power_mw.active", power.active(), 0, 1e6),
                    num(p + ".power_mw.radio", power.radio(), 1000, 0, 1e6),
                    num(p + ".failure_rate", failureRate, 0.002, 0, 1),
                    str(p + ".variant", variant, "tiny-int4"),
                    (thermal == null ? ThermalDoc.DEFAULT : thermal)
                            .toThermal(p + ".thermal", latency));
        }
    }

    record PowerDoc(Double idle, Double active, Double radio) {}

    /** Defaults are the field figures: phone-high stddev 12.3 ms at 25 C, 27.8 ms at 60 C. */
    record ThermalDoc(
            Double ambientC,
            @JsonProperty("heat_c_per_busy_s") Double heatCPerBusyS,
            Duration coolingTau,
            Double throttleC,
            Double freqDropPerC,
            Double minFreq,
            @JsonProperty("sd_25c_ms") Double sd25cMs,
            @JsonProperty("sd_60c_ms") Double sd60cMs) {
        static final ThermalDoc DEFAULT =
                new ThermalDoc(null, null, null, null, null, null, null, null);

        Thermal toThermal(String p, double latencyMs) {
            double scale = latencyMs / 80.0;
            return new Thermal(
                    num(p + ".ambient_c", ambientC, 25, -50, 80),
                    num(p + ".heat_c_per_busy_s", heatCPerBusyS, 0.6, 0, 100),
                    ms(p + ".cooling_tau", coolingTau, 60_000, 1000, 86_400_000),
                    num(p + ".throttle_c", throttleC, 45, -50, 150),
                    num(p + ".freq_drop_per_c", freqDropPerC, 0.025, 0, 1),
                    num(p + ".min_freq", minFreq, 0.4, 0.01, 1),
                    num(p + ".sd_25c_ms", sd25cMs, 12.3 * scale, 0, 1e6),
                    num(p + ".sd_60c_ms", sd60cMs, 27.8 * scale, 0, 1e6));
        }
    }

    record MeanSd(Double mean, Double sd) {}

    record RegionDoc(String name, Double share, MeanSd rttMs, MeanSd bandwidthKbps) {
        Region toRegion(String p) {
            MeanSd rtt = required(p + ".rtt_ms", rttMs);
            MeanSd bw = required(p + ".bandwidth_kbps", bandwidthKbps);
            if (str(p + ".name", name).contains("/")) {
                throw error(p + ".name", "must not contain '/'");
            }
            return new Region(
                    name,
                    num(p + ".share", share, 1, 0, 1e6),
                    num(p + ".rtt_ms.mean", rtt.mean(), 0, 1e5),
                    num(p + ".rtt_ms.sd", rtt.sd(), 0, 0, 1e5),
                    num(p + ".bandwidth_kbps.mean", bw.mean(), 1, 1e8),
                    num(p + ".bandwidth_kbps.sd", bw.sd(), 0, 0, 1e8));
        }
    }

    record CloudDoc(
            Double computeMs,
            Double slotsPerNode,
            NodesDoc nodes,
            AutoscaleDoc autoscale,
            Double timeoutMs,
            Double failureRate) {
        Cloud toCloud(String p) {
            NodesDoc n = required(p + ".nodes", nodes);
            AutoscaleDoc a = required(p + ".autoscale", autoscale);
            int min = (int) num(p + ".nodes.min", n.min(), 1, 10_000);
            int max = (int) num(p + ".nodes.max", n.max(), min, 10_000);
            String q = p + ".autoscale.";
            return new Cloud(
                    num(p + ".compute_ms", computeMs, 0.1, 1e6),
                    (int) num(p + ".slots_per_node", slotsPerNode, 1, 10_000),
                    min,
                    max,
                    (int) num(p + ".nodes.initial", n.initial(), min, min, max),
                    num(q + "target_utilization", a.targetUtilization(), 0.7, 0.05, 1),
                    ms(q + "scale_up_delay", a.scaleUpDelay(), 90_000, 0, 86_400_000),
                    ms(q + "scale_down_delay", a.scaleDownDelay(), 300_000, 0, 86_400_000),
                    ms(q + "interval", a.interval(), 15_000, 1000, 3_600_000),
                    num(p + ".timeout_ms", timeoutMs, 3000, 1, 1e7),
                    num(p + ".failure_rate", failureRate, 0.002, 0, 1));
        }
    }

    record NodesDoc(Double min, Double max, Double initial) {}

    record AutoscaleDoc(
            Double targetUtilization,
            Duration scaleUpDelay,
            Duration scaleDownDelay,
            Duration interval) {}

    record LoadDoc(Duration at, Double qps) {}
}
