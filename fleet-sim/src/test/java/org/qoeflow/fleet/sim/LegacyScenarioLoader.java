package org.qoeflow.fleet.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.qoeflow.fleet.sim.Scenario.Cloud;
import org.qoeflow.fleet.sim.Scenario.DeviceClassSpec;
import org.qoeflow.fleet.sim.Scenario.Edge;
import org.qoeflow.fleet.sim.Scenario.FaultKind;
import org.qoeflow.fleet.sim.Scenario.FaultSpec;
import org.qoeflow.fleet.sim.Scenario.LoadPoint;
import org.qoeflow.fleet.sim.Scenario.Region;
import org.qoeflow.fleet.sim.Scenario.Thermal;

/**
 * Test-scope oracle: the hand-written loader before the Jackson binding. Reads scenario files
 * (YAML, or JSON which is YAML too) and the built-in catalog. Every error names the offending field
 * by its path, e.g. {@code cloud.nodes.max} or {@code faults[2].kind}.
 */
final class LegacyScenarioLoader {
    /** The built-in catalog, on the classpath as {@code scenarios/NAME.yaml}. */
    public static final List<String> CATALOG =
            List.of(
                    "traffic-peak",
                    "thermal-wave",
                    "slow-node",
                    "error-burst",
                    "bandwidth-collapse",
                    "telemetry-blackout",
                    "bad-model-rollout",
                    "region-brownout",
                    "three-regions-far",
                    "embedded-heavy",
                    "phones-only-ramp",
                    "overload-12k",
                    "flapping-node",
                    "bandwidth-decay",
                    "heavy-rollout",
                    "overlapping-faults");

    /**
     * The fleet of the demo and of {@code qoeflow fleet} (and the base of the anomaly fleet
     * evaluation): built in, not part of the catalog's {@code all}.
     */
    public static final String DEMO = "demo";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private LegacyScenarioLoader() {}

    /** A catalog name or a file path. */
    public static Scenario load(String nameOrPath) {
        if (CATALOG.contains(nameOrPath) || DEMO.equals(nameOrPath)) {
            String resource = "scenarios/" + nameOrPath + ".yaml";
            try (InputStream in =
                    LegacyScenarioLoader.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("catalog scenario missing: " + resource);
                }
                return parse(
                        new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(
                    "scenario '"
                            + nameOrPath
                            + "' is neither a catalog name "
                            + CATALOG
                            + " nor a readable file");
        }
        try {
            return parse(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses scenario text; errors name the field. */
    public static Scenario parse(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "scenario is not valid YAML/JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("scenario must be a mapping at the top level");
        }
        F f = new F(root, "");
        f.only(
                "name",
                "description",
                "duration",
                "seed",
                "sla_ms",
                "model",
                "edge",
                "regions",
                "cloud",
                "load",
                "faults");
        F model = f.obj("model");
        model.only("gflop", "payload_kbit");
        Edge edge = edge(f.obj("edge"));
        List<Region> regions = new ArrayList<>();
        for (F r : f.list("regions", 1)) {
            regions.add(region(r));
        }
        unique(regions.stream().map(Region::name).toList(), "regions[].name");
        List<LoadPoint> load = new ArrayList<>();
        long lastAt = -1;
        for (F p : f.list("load", 1)) {
            p.only("at", "qps");
            long at = p.duration("at", 0, Long.MAX_VALUE);
            if (at <= lastAt) {
                throw p.error("at", "must increase from one load point to the next");
            }
            lastAt = at;
            load.add(new LoadPoint(at, p.num("qps", 0, 10_000_000)));
        }
        Set<String> classes = new HashSet<>();
        edge.classes().forEach(c -> classes.add(c.name()));
        Set<String> regionNames = new HashSet<>(regions.stream().map(Region::name).toList());
        Cloud cloud = cloud(f.obj("cloud"));
        List<FaultSpec> faults = new ArrayList<>();
        if (f.node.has("faults")) {
            for (F x : f.list("faults", 0)) {
                faults.add(fault(x, classes, regionNames, cloud));
            }
        }
        return new Scenario(
                f.str("name"),
                f.optStr("description", ""),
                f.duration("duration", 1000, 7L * 24 * 3600 * 1000),
                (long) f.optNum("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE),
                f.optNum("sla_ms", 500, 1, 1e6),
                model.optNum("gflop", 12, 0.001, 1e6),
                model.optNum("payload_kbit", 256, 0, 1e6),
                edge,
                regions,
                cloud,
                load,
                faults);
    }

    private static Edge edge(F e) {
        e.only("devices", "sample_period", "classes");
        List<DeviceClassSpec> classes = new ArrayList<>();
        for (F c : e.list("classes", 1)) {
            c.only(
                    "name",
                    "share",
                    "gflops",
                    "latency_ms",
                    "max_freq_mhz",
                    "power_mw",
                    "failure_rate",
                    "variant",
                    "thermal");
            F power = c.obj("power_mw");
            power.only("idle", "active", "radio");
            double latency = c.num("latency_ms", 0.1, 1e6);
            classes.add(
                    new DeviceClassSpec(
                            c.str("name"),
                            c.num("share", 0, 1e6),
                            c.num("gflops", 0.001, 1e9),
                            latency,
                            c.optNum("max_freq_mhz", 2000, 1, 1e5),
                            power.num("idle", 0, 1e6),
                            power.num("active", 0, 1e6),
                            power.optNum("radio", 1000, 0, 1e6),
                            c.optNum("failure_rate", 0.002, 0, 1),
                            c.optStr("variant", "tiny-int4"),
                            thermal(c.optObj("thermal"), latency)));
        }
        unique(classes.stream().map(DeviceClassSpec::name).toList(), "edge.classes[].name");
        return new Edge(
                (int) e.num("devices", 1, 1_000_000),
                e.optDuration("sample_period", 5000, 100, 3_600_000),
                classes);
    }

    /** Defaults are the field figures: phone-high stddev 12.3 ms at 25 C, 27.8 ms at 60 C. */
    private static Thermal thermal(F t, double latencyMs) {
        t.only(
                "ambient_c",
                "heat_c_per_busy_s",
                "cooling_tau",
                "throttle_c",
                "freq_drop_per_c",
                "min_freq",
                "sd_25c_ms",
                "sd_60c_ms");
        double scale = latencyMs / 80.0;
        return new Thermal(
                t.optNum("ambient_c", 25, -50, 80),
                t.optNum("heat_c_per_busy_s", 0.6, 0, 100),
                t.optDuration("cooling_tau", 60_000, 1000, 86_400_000),
                t.optNum("throttle_c", 45, -50, 150),
                t.optNum("freq_drop_per_c", 0.025, 0, 1),
                t.optNum("min_freq", 0.4, 0.01, 1),
                t.optNum("sd_25c_ms", 12.3 * scale, 0, 1e6),
                t.optNum("sd_60c_ms", 27.8 * scale, 0, 1e6));
    }

    private static Region region(F r) {
        r.only("name", "share", "rtt_ms", "bandwidth_kbps");
        F rtt = r.obj("rtt_ms");
        rtt.only("mean", "sd");
        F bw = r.obj("bandwidth_kbps");
        bw.only("mean", "sd");
        String name = r.str("name");
        if (name.contains("/")) {
            throw r.error("name", "must not contain '/'");
        }
        return new Region(
                name,
                r.optNum("share", 1, 0, 1e6),
                rtt.num("mean", 0, 1e5),
                rtt.optNum("sd", 0, 0, 1e5),
                bw.num("mean", 1, 1e8),
                bw.optNum("sd", 0, 0, 1e8));
    }

    private static Cloud cloud(F c) {
        c.only("compute_ms", "slots_per_node", "nodes", "autoscale", "timeout_ms", "failure_rate");
        F n = c.obj("nodes");
        n.only("min", "max", "initial");
        int min = (int) n.num("min", 1, 10_000);
        int max = (int) n.num("max", min, 10_000);
        F a = c.obj("autoscale");
        a.only("target_utilization", "scale_up_delay", "scale_down_delay", "interval");
        return new Cloud(
                c.num("compute_ms", 0.1, 1e6),
                (int) c.num("slots_per_node", 1, 10_000),
                min,
                max,
                (int) n.optNum("initial", min, min, max),
                a.optNum("target_utilization", 0.7, 0.05, 1),
                a.optDuration("scale_up_delay", 90_000, 0, 86_400_000),
                a.optDuration("scale_down_delay", 300_000, 0, 86_400_000),
                a.optDuration("interval", 15_000, 1000, 3_600_000),
                c.optNum("timeout_ms", 3000, 1, 1e7),
                c.optNum("failure_rate", 0.002, 0, 1));
    }

    private static FaultSpec fault(F x, Set<String> classes, Set<String> regions, Cloud cloud) {
        String kindText = x.str("kind");
        FaultKind kind;
        try {
            kind = FaultKind.valueOf(kindText.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw x.error(
                    "kind",
                    "unknown fault kind '"
                            + kindText
                            + "'; known: slow_node, error_burst, region_brownout, thermal_wave,"
                            + " bandwidth_collapse, telemetry_blackout, bad_model_rollout");
        }
        List<String> allowed = new ArrayList<>(List.of("kind", "start", "end", "region", "class"));
        switch (kind) {
            case SLOW_NODE -> allowed.addAll(List.of("node", "factor"));
            case ERROR_BURST -> allowed.addAll(List.of("node", "probability"));
            case REGION_BROWNOUT -> allowed.add("probability");
            case THERMAL_WAVE -> allowed.add("delta_c");
            case BANDWIDTH_COLLAPSE -> allowed.add("factor");
            case TELEMETRY_BLACKOUT -> {}
            case BAD_MODEL_ROLLOUT ->
                    allowed.addAll(List.of("variant", "share", "latency_factor", "failure_rate"));
        }
        x.only(allowed.toArray(String[]::new));
        long start = x.duration("start", 0, Long.MAX_VALUE);
        long end = x.duration("end", start + 1, Long.MAX_VALUE);
        String region = x.optStr("region", null);
        if (region != null && !regions.contains(region)) {
            throw x.error("region", "unknown region '" + region + "'; known: " + regions);
        }
        String cls = x.optStr("class", null);
        if (cls != null && !classes.contains(cls)) {
            throw x.error("class", "unknown device class '" + cls + "'; known: " + classes);
        }
        boolean nodeFault = kind == FaultKind.SLOW_NODE || kind == FaultKind.ERROR_BURST;
        if ((nodeFault || kind == FaultKind.REGION_BROWNOUT) && region == null) {
            throw x.error("region", "is required for " + kindText);
        }
        int node = nodeFault ? (int) x.num("node", 0, cloud.maxNodes() - 1) : -1;
        return switch (kind) {
            case SLOW_NODE ->
                    new FaultSpec(
                            kind,
                            start,
                            end,
                            region,
                            node,
                            null,
                            null,
                            x.optNum("factor", 4, 1, 1e4),
                            0,
                            0,
                            0);
            case ERROR_BURST ->
                    new FaultSpec(
                            kind,
                            start,
                            end,
                            region,
                            node,
                            null,
                            null,
                            1,
                            x.optNum("probability", 0.5, 0, 1),
                            0,
                            0);
            case REGION_BROWNOUT ->
                    new FaultSpec(
                            kind,
                            start,
                            end,
                            region,
                            -1,
                            null,
                            null,
                            1,
                            x.optNum("probability", 0.4, 0, 1),
                            0,
                            0);
            case THERMAL_WAVE ->
                    new FaultSpec(
                            kind,
                            start,
                            end,
                            region,
                            -1,
                            cls,
                            null,
                            1,
                            0,
                            x.num("delta_c", -100, 100),
                            0);
            case BANDWIDTH_COLLAPSE ->
                    new FaultSpec(
                            kind,
                            start,
                            end,
                            region,
                            -1,
                            null,
                            null,
                            x.optNum("factor", 10, 1, 1e6),
                            0,
                            0,
                            0);
            case TELEMETRY_BLACKOUT ->
                    new FaultSpec(kind, start, end, region, -1, cls, null, 1, 0, 0, 0);
            case BAD_MODEL_ROLLOUT -> {
                String variant = x.str("variant");
                if (variant.contains("/")) {
                    throw x.error("variant", "must not contain '/'");
                }
                yield new FaultSpec(
                        kind,
                        start,
                        end,
                        region,
                        -1,
                        cls,
                        variant,
                        x.optNum("latency_factor", 1, 0.01, 100),
                        x.optNum("failure_rate", 0, 0, 1),
                        0,
                        x.optNum("share", 0.5, 0, 1));
            }
        };
    }

    private static void unique(List<String> names, String field) {
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException(field + " must be unique, got " + names);
        }
    }

    /** A mapping node and its path, with typed getters that name the field on error. */
    private record F(JsonNode node, String path) {
        String at(String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        IllegalArgumentException error(String field, String message) {
            return new IllegalArgumentException("scenario field " + at(field) + ": " + message);
        }

        void only(String... fields) {
            Set<String> known = Set.of(fields);
            var it = node.fieldNames();
            while (it.hasNext()) {
                String name = it.next();
                if (!known.contains(name)) {
                    throw error(name, "unknown field; allowed here: " + List.of(fields));
                }
            }
        }

        JsonNode required(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw error(field, "is required");
            }
            return v;
        }

        F obj(String field) {
            JsonNode v = required(field);
            if (!v.isObject()) {
                throw error(field, "must be a mapping");
            }
            return new F(v, at(field));
        }

        F optObj(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return new F(YAML.createObjectNode(), at(field));
            }
            return obj(field);
        }

        List<F> list(String field, int min) {
            JsonNode v = required(field);
            if (!v.isArray() || v.size() < min) {
                throw error(field, "must be a list of at least " + min + " item(s)");
            }
            List<F> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isObject()) {
                    throw error(field + "[" + i + "]", "must be a mapping");
                }
                out.add(new F(v.get(i), at(field) + "[" + i + "]"));
            }
            return out;
        }

        String str(String field) {
            JsonNode v = required(field);
            if (!v.isTextual() || v.asText().isBlank()) {
                throw error(field, "must be a non-empty string");
            }
            return v.asText();
        }

        String optStr(String field, String dflt) {
            return node.hasNonNull(field) ? str(field) : dflt;
        }

        double num(String field, double lo, double hi) {
            JsonNode v = required(field);
            if (!v.isNumber()) {
                throw error(field, "must be a number, got '" + v.asText() + "'");
            }
            double d = v.asDouble();
            if (!(d >= lo && d <= hi)) {
                throw error(field, "must be in [" + lo + ", " + hi + "], got " + d);
            }
            return d;
        }

        double optNum(String field, double dflt, double lo, double hi) {
            return node.hasNonNull(field) ? num(field, lo, hi) : dflt;
        }

        long duration(String field, long lo, long hi) {
            JsonNode v = required(field);
            long ms;
            if (v.isNumber()) {
                ms = v.asLong();
            } else {
                ms = parseDuration(v.asText(), field);
            }
            if (ms < lo || ms > hi) {
                throw error(field, "must be in [" + lo + " ms, " + hi + " ms], got " + ms + " ms");
            }
            return ms;
        }

        long optDuration(String field, long dflt, long lo, long hi) {
            return node.hasNonNull(field) ? duration(field, lo, hi) : dflt;
        }

        private long parseDuration(String text, String field) {
            var m =
                    java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)")
                            .matcher(text.trim());
            if (!m.matches()) {
                throw error(
                        field,
                        "must be a duration such as 500ms, 90s, 5m or 1h (or milliseconds), got '"
                                + text
                                + "'");
            }
            double v = Double.parseDouble(m.group(1));
            return Math.round(
                    v
                            * switch (m.group(2)) {
                                case "ms" -> 1;
                                case "s" -> 1000;
                                case "m" -> 60_000;
                                default -> 3_600_000;
                            });
        }
    }
}
