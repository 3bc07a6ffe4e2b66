package org.qoeflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.service.LawOption;
import org.qoeflow.fleet.sim.Backtest;
import org.qoeflow.fleet.sim.Policy;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.fleet.sim.ScenarioLoader;
import org.qoeflow.fleet.sim.SimResult;
import org.qoeflow.fleet.sim.Simulation;
import org.qoeflow.fleet.sim.TelemetryLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qoeflow sim}: runs scenarios in the discrete-event mode and writes reports and charts. */
@Command(
        name = "sim",
        mixinStandardHelpOptions = true,
        description = {
            "Simulate a scenario on simulated time (no Kafka) under a policy; write summary.json"
                    + " and PNG charts.",
            "--scenario all --policy all runs the catalog against every policy and prints the"
                    + " table of docs/control.md."
        })
public final class SimCommand implements Callable<Integer> {
    @Option(
            names = "--scenario",
            required = true,
            description = "catalog name (${COMPLETION-CANDIDATES}), a YAML/JSON file, or all",
            completionCandidates = Catalog.class)
    String scenario;

    @Option(
            names = "--policy",
            defaultValue = "closed-loop",
            description =
                    "closed-loop | static:<ms> | naive | edge-only | cloud-only | best-static |"
                            + " oracle (clairvoyant per-request placement: a bound, not a"
                            + " policy) | oracle-mean[:<bias ms>] (per-request placement by"
                            + " expected cost from true means, no draws; the bias is added to the"
                            + " cloud's cost: a reference for threshold control), a"
                            + " comma-separated list, or all (default: ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--report", defaultValue = "out/sim", description = "report directory")
    Path report;

    @Option(
            names = "--record-telemetry",
            description = "write the run's telemetry here (length-prefixed Avro; .gz compresses)")
    Path recordTelemetry;

    @Option(
            names = "--decisions",
            description =
                    "write every closed-loop decision with its inputs (scenario, policy, time,"
                            + " scope, version, threshold or weights, reason with the estimates it"
                            + " used) to this file, one JSON object per line")
    Path decisions;

    @Option(names = "--seed", description = "override the scenario's seed")
    Long seed;

    @Option(names = "--duration-s", description = "override the scenario's duration (seconds)")
    Long durationS;

    @Mixin LawOption law = new LawOption();

    /** The catalog, for picocli's completion candidates. */
    static final class Catalog extends ArrayList<String> {
        Catalog() {
            super(ScenarioLoader.CATALOG);
        }
    }

    @Override
    public Integer call() throws Exception {
        List<String> names =
                scenario.equals("all") ? ScenarioLoader.CATALOG : List.of(scenario.split(","));
        List<String> policies =
                policy.equals("all") ? Backtest.ALL_POLICIES : List.of(policy.split(","));
        List<Policy> parsed = policies.stream().map(Policy::parse).toList();
        boolean single = names.size() == 1 && parsed.size() == 1;
        if (recordTelemetry != null && (!single || parsed.get(0) instanceof Policy.BestStatic)) {
            throw new IllegalArgumentException(
                    "--record-telemetry needs one scenario and one policy other than best-static");
        }
        // A bad --law name, type or range fails before any run; each scenario's own SLA and
        // payload are checked again just before it runs.
        law.applyTo(LawOptions.DEFAULTS);
        List<SimResult> results = new ArrayList<>();
        for (String name : names) {
            Scenario s = ScenarioLoader.load(name);
            if (seed != null) {
                s = s.withSeed(seed);
            }
            if (durationS != null) {
                s = s.withDurationMs(durationS * 1000);
            }
            law.applyTo(Simulation.lawOptions(s));
            for (Policy p : parsed) {
                SimResult r = run(s, p);
                results.add(r);
                Path dir =
                        single
                                ? report
                                : report.resolve(s.name()).resolve(p.label().replace(':', '-'));
                write(dir, r);
                System.err.printf(
                        "%s %s: p95 %.0f ms, success %.4f -> %s%n",
                        s.name(), p.label(), r.p95(), r.successRate(), dir.resolve("summary.json"));
            }
        }
        if (decisions != null) {
            writeDecisions(decisions, results);
        }
        if (single) {
            System.out.println(json().writeValueAsString(results.get(0).summary()));
        } else {
            String table = Backtest.table(results);
            Files.createDirectories(report);
            Files.writeString(report.resolve("table.md"), table);
            System.out.println(table);
        }
        return 0;
    }

    private SimResult run(Scenario s, Policy p) throws IOException {
        Simulation.Options progress =
                new Simulation.Options(System.err::println, null, law.overrides());
        if (recordTelemetry == null) {
            return Backtest.run(s, p, progress);
        }
        try (TelemetryLog.Writer w = new TelemetryLog.Writer(recordTelemetry)) {
            SimResult r =
                    Backtest.run(
                            s, p, new Simulation.Options(System.err::println, w, law.overrides()));
            System.err.printf(
                    "recorded %d telemetry records to %s%n", w.records(), recordTelemetry);
            return r;
        }
    }

    /** One JSON line per decision of every run that has decisions (the closed loop). */
    static void writeDecisions(Path file, List<SimResult> results) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ObjectMapper mapper = new ObjectMapper();
        long n = 0;
        try (var w = Files.newBufferedWriter(file)) {
            for (SimResult r : results) {
                for (SimResult.DecisionLog d : r.decisions()) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("scenario", r.scenario());
                    line.put("policy", r.policy());
                    line.put("seed", r.summary().get("seed"));
                    line.put("at_ms", d.atMillis());
                    line.put("scope", d.scope());
                    line.put("version", d.version());
                    line.put("threshold_ms", d.offloadThresholdMs());
                    line.put("weights", d.weights());
                    line.put("reason", d.reason());
                    w.write(mapper.writeValueAsString(line));
                    w.newLine();
                    n++;
                }
            }
        }
        System.err.printf("%d decisions -> %s%n", n, file);
    }

    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** summary.json and the charts latency.png, offload.png, control.png. */
    static void write(Path dir, SimResult r) throws IOException {
        Files.createDirectories(dir);
        json().writeValue(dir.resolve("summary.json").toFile(), r.summary());
        List<SimResult.Point> pts = r.series();
        String title = r.scenario() + " / " + r.policy();
        save(
                dir.resolve("latency.png"),
                title + ": end-to-end latency",
                plot(
                        "ms",
                        series("p50", pts, SimResult.Point::p50Ms),
                        series("p95", pts, SimResult.Point::p95Ms),
                        series("p99", pts, SimResult.Point::p99Ms)),
                plot("success", series("success rate", pts, SimResult.Point::successRate)));
        save(
                dir.resolve("offload.png"),
                title + ": offloading and cloud pool",
                plot("share", series("offloaded share", pts, SimResult.Point::offloadShare)),
                plot("nodes", series("cloud nodes", pts, p -> (double) p.cloudNodes())));
        save(
                dir.resolve("control.png"),
                title + ": thresholds and routing weights",
                plot(
                        "threshold ms",
                        keyed(pts, SimResult.Point::meanThresholdByClass, "threshold ")),
                plot("weight", keyed(pts, SimResult.Point::weightsFirstRegion, "")),
                plot(
                        "admission cap",
                        series("mean admission cap", pts, SimResult.Point::meanAdmit)));
    }

    private static XYSeries series(
            String name, List<SimResult.Point> pts, Function<SimResult.Point, Double> f) {
        XYSeries s = new XYSeries(name);
        for (SimResult.Point p : pts) {
            double y = f.apply(p);
            if (Double.isFinite(y)) {
                s.add(p.seconds(), y);
            }
        }
        return s;
    }

    private static XYSeries[] keyed(
            List<SimResult.Point> pts,
            Function<SimResult.Point, Map<String, Double>> f,
            String prefix) {
        Map<String, XYSeries> out = new LinkedHashMap<>();
        for (SimResult.Point p : pts) {
            f.apply(p)
                    .forEach(
                            (k, v) -> {
                                if (Double.isFinite(v)) {
                                    out.computeIfAbsent(k, x -> new XYSeries(prefix + x))
                                            .add(p.seconds(), v);
                                }
                            });
        }
        return out.values().toArray(XYSeries[]::new);
    }

    private static XYPlot plot(String axis, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series) {
            data.addSeries(s);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.length; i++) {
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        NumberAxis y = new NumberAxis(axis);
        y.setAutoRangeIncludesZero(true);
        return new XYPlot(data, null, y, renderer);
    }

    private static void save(Path file, String title, XYPlot... plots) throws IOException {
        CombinedDomainXYPlot combined =
                new CombinedDomainXYPlot(new NumberAxis("simulated time (s)"));
        for (XYPlot p : plots) {
            combined.add(p, 1);
        }
        ChartUtils.saveChartAsPNG(
                file.toFile(), new JFreeChart(title, combined), 1100, 300 * plots.length);
    }
}
