package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.controller.service.ControllerMetrics;
import org.qoeflow.fleet.FleetMetrics;
import org.qoeflow.fleet.FleetSimulator;

/**
 * The Prometheus, Alertmanager and Grafana files under {@code deploy/}: checked by promtool and
 * amtool when installed (skipped with one line naming the Debian package when not), and checked
 * against the metric names the controller and fleet register, so they cannot drift from the code.
 * Flink metric names are checked by the jobs module's {@code PrometheusReporterITCase}.
 */
class MonitoringConfigTest {
    static final Path DEPLOY = Path.of("..", "deploy");
    static final Path PROMETHEUS = DEPLOY.resolve("prometheus");
    static final Path ALERTMANAGER = DEPLOY.resolve("alertmanager/alertmanager.yml");
    static final Path DASHBOARD = DEPLOY.resolve("grafana/qoeflow-overview.json");
    static final List<Path> RULE_FILES =
            List.of(
                    PROMETHEUS.resolve("rules/recording-rules.yml"),
                    PROMETHEUS.resolve("rules/alerting-rules.yml"));
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Series Prometheus makes itself. */
    static final Set<String> BUILT_IN = Set.of("up", "ALERTS", "ALERTS_FOR_STATE");

    @TempDir Path tmp;

    @Test
    void promtoolUnitTestsOfTheAlertingRulesPass() throws Exception {
        run(
                "promtool",
                "test",
                "rules",
                PROMETHEUS.resolve("tests/alerting-rules-test.yml").toString());
    }

    @Test
    void promtoolAcceptsTheConfigAndTheRules() throws Exception {
        run("promtool", "check", "config", PROMETHEUS.resolve("prometheus.yml").toString());
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        RULE_FILES.forEach(f -> args.add(f.toString()));
        run("promtool", args.toArray(String[]::new));
    }

    @Test
    void amtoolAcceptsTheAlertmanagerConfig() throws Exception {
        run("amtool", "check-config", ALERTMANAGER.toString());
    }

    @Test
    void promtoolParsesEveryDashboardQuery() throws Exception {
        Map<String, String> exprs = dashboardExprs();
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (String expr : exprs.values()) {
            rules.append("      - record: dashboard:panel_")
                    .append(i++)
                    .append("\n        expr: ")
                    .append(YAML.writeValueAsString(expr).replaceFirst("^---\\s*", "").trim())
                    .append('\n');
        }
        Path file = tmp.resolve("dashboard-rules.yml");
        Files.writeString(file, rules);
        run("promtool", "check", "rules", file.toString());
    }

    @Test
    void everyAlertHasATestThatFiresItAndOneThatDoesNot() throws IOException {
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group :
                YAML.readTree(PROMETHEUS.resolve("rules/alerting-rules.yml").toFile())
                        .get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                if (rule.has("alert")) {
                    alerts.add(rule.get("alert").asText());
                }
            }
        }
        Set<String> fired = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        JsonNode tests =
                YAML.readTree(PROMETHEUS.resolve("tests/alerting-rules-test.yml").toFile());
        for (JsonNode test : tests.get("tests")) {
            for (JsonNode t : test.path("alert_rule_test")) {
                String name = t.get("alertname").asText();
                (t.path("exp_alerts").isEmpty() ? quiet : fired).add(name);
            }
        }
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(12);
        assertThat(fired).as("alerts with a firing test").containsAll(alerts);
        assertThat(quiet).as("alerts with a test where they stay quiet").containsAll(alerts);
    }

    @Test
    void rulesAndDashboardUseOnlyMetricsTheCodeExportsOrTheRulesRecord() throws IOException {
        Set<String> known = exportedNames();
        Map<String, String> exprs = new LinkedHashMap<>();
        for (Path f : RULE_FILES) {
            for (JsonNode group : YAML.readTree(f.toFile()).get("groups")) {
                for (JsonNode rule : group.get("rules")) {
                    if (rule.has("record")) {
                        known.add(rule.get("record").asText());
                    }
                    String id =
                            rule.has("record")
                                    ? rule.get("record").asText()
                                    : rule.get("alert").asText();
                    exprs.put(f.getFileName() + ": " + id, rule.get("expr").asText());
                }
            }
        }
        exprs.putAll(dashboardExprs());
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        for (var e : exprs.entrySet()) {
            for (String name : metricNames(e.getValue())) {
                if (!known.contains(name)
                        && !name.startsWith("flink_")
                        && !BUILT_IN.contains(name)) {
                    unknown.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(name);
                }
            }
        }
        assertThat(unknown).as("metric names no code exports and no rule records").isEmpty();
        assertThat(known)
                .contains(
                        "qoeflow_fleet_request_latency_seconds_bucket",
                        "qoeflow_controller_leader",
                        "jvm_memory_used_bytes",
                        "process_cpu_seconds_total");
    }

    @Test
    void metricNamesAreReadOutOfPromql() {
        assertThat(
                        metricNames(
                                "sum by (le, tier) (rate(a_bucket{tier=\"EDGE\",le=\"0.5\"}[5m]))"
                                        + " / on (scope) group_left b:rec unless c offset 5m and"
                                        + " (time() - max(d)) > 1e3"))
                .containsExactlyInAnyOrder("a_bucket", "b:rec", "c", "d");
    }

    /** Names the controller, the fleet and the JVM instrumentation register on fresh registries. */
    static Set<String> exportedNames() {
        PrometheusRegistry registry = new PrometheusRegistry();
        new ControllerMetrics(registry);
        new FleetMetrics(
                registry,
                new FleetSimulator(
                        DemoFleet.scenario(60, 6, 150, 42, Duration.ZERO, Duration.ZERO)));
        JvmMetrics.builder().register(registry);
        Set<String> names = new TreeSet<>();
        for (MetricSnapshot s : registry.scrape()) {
            String name = s.getMetadata().getPrometheusName();
            if (s instanceof CounterSnapshot) {
                names.add(name + "_total");
            } else if (s instanceof HistogramSnapshot) {
                names.addAll(List.of(name + "_bucket", name + "_count", name + "_sum"));
            } else {
                names.add(name);
            }
        }
        return names;
    }

    static Map<String, String> dashboardExprs() throws IOException {
        Map<String, String> exprs = new LinkedHashMap<>();
        JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
        for (JsonNode panel : dash.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.put(
                        "dashboard: "
                                + panel.get("title").asText()
                                + " "
                                + target.get("refId").asText(),
                        target.get("expr").asText());
            }
        }
        assertThat(exprs).hasSizeGreaterThan(20);
        return exprs;
    }

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENT =
            Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS =
            Set.of(
                    "by",
                    "without",
                    "on",
                    "ignoring",
                    "group_left",
                    "group_right",
                    "and",
                    "or",
                    "unless",
                    "bool",
                    "offset",
                    "sum",
                    "min",
                    "max",
                    "avg",
                    "count",
                    "group",
                    "stddev",
                    "stdvar",
                    "topk",
                    "bottomk",
                    "quantile",
                    "count_values");

    /** Metric names in a PromQL expression (not functions, keywords, label names or durations). */
    static Set<String> metricNames(String promql) {
        String s = STRINGS.matcher(promql).replaceAll("\"\"");
        s = MATCHERS.matcher(s).replaceAll("");
        s = LABEL_LISTS.matcher(s).replaceAll("$1");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            if (m.group(2) == null && !KEYWORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Debian package of each tool. */
    static final Map<String, String> PACKAGES =
            Map.of("promtool", "prometheus", "amtool", "prometheus-alertmanager");

    @BeforeAll
    static void sayWhichPackagesAreMissing() {
        List<String> missing = new ArrayList<>();
        List<String> tools = new ArrayList<>();
        PACKAGES.forEach(
                (tool, pkg) -> {
                    if (onPath(tool) == null) {
                        tools.add(tool);
                        missing.add(pkg);
                    }
                });
        if (!missing.isEmpty()) {
            System.out.println(
                    "SKIPPED promtool/amtool checks: "
                            + String.join(", ", tools)
                            + " not on PATH; install with: apt-get install "
                            + String.join(" ", missing));
        }
    }

    /** Runs a tool, failing with its output unless it exits 0; skips if it is not installed. */
    static void run(String tool, String... args) throws Exception {
        Path binary = onPath(tool);
        Assumptions.assumeTrue(
                binary != null,
                tool + " not installed (Debian package " + PACKAGES.get(tool) + ")");
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finishes", command).isTrue();
        assertThat(p.exitValue()).as("%s%n%s", String.join(" ", command), output).isZero();
    }

    static Path onPath(String tool) {
        for (String dir :
                System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
