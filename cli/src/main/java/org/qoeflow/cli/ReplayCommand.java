package org.qoeflow.cli;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.service.LawOption;
import org.qoeflow.fleet.sim.Policy;
import org.qoeflow.fleet.sim.Replay;
import org.qoeflow.fleet.sim.SimResult;
import org.qoeflow.fleet.sim.TelemetryLog;
import org.qoeflow.schema.OffloadScope;
import org.qoeflow.schema.Tier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qoeflow replay}: runs a policy over recorded telemetry and reports the decisions it would
 * have taken, to try a policy before rollout.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description =
                "Run the control law (or a static policy) over a recorded telemetry file (see"
                        + " docs/scenarios.md) and report the decisions it would have taken.")
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--telemetry", required = true, description = "recorded telemetry file")
    Path telemetry;

    @Option(
            names = "--policy",
            defaultValue = "closed-loop",
            description = "closed-loop or static:<ms> (default: ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--report", description = "write summary.json and decisions.jsonl here")
    Path report;

    @Option(names = "--window-s", defaultValue = "5", description = "QoE window (seconds)")
    long windowS;

    @Mixin LawOption law = new LawOption();

    @Override
    public Integer call() throws Exception {
        Policy p = Policy.parse(policy);
        // --law applies over --window-s, and is checked for every policy.
        LawOptions lawOptions =
                law.applyTo(LawOptions.DEFAULTS.withWindow(java.time.Duration.ofSeconds(windowS)));
        Map<String, Object> summary;
        java.util.List<SimResult.DecisionLog> decisions;
        if (p instanceof Policy.ClosedLoop) {
            Replay.Result r = Replay.run(telemetry, lawOptions);
            summary = r.summary();
            decisions = r.decisions();
        } else if (p instanceof Policy.Static s) {
            TreeSet<String> scopes = new TreeSet<>();
            long n =
                    TelemetryLog.read(
                            telemetry,
                            t -> {
                                if (t.getTier() == Tier.EDGE) {
                                    scopes.add(
                                            OffloadScope.scope(
                                                    t.getRegion(),
                                                    t.getDeviceClass(),
                                                    t.getModelVariant()));
                                }
                            });
            summary = new LinkedHashMap<>();
            summary.put("records", n);
            summary.put("policy", p.label());
            summary.put("decisions", scopes.size());
            decisions =
                    scopes.stream()
                            .map(
                                    sc ->
                                            new SimResult.DecisionLog(
                                                    0, sc, 1, s.thresholdMs(), Map.of(), "static"))
                            .toList();
        } else {
            throw new IllegalArgumentException(
                    "replay supports closed-loop and static:<ms>, got " + policy);
        }
        String json = SimCommand.json().writeValueAsString(summary);
        System.out.println(json);
        if (report != null) {
            Files.createDirectories(report);
            Files.writeString(report.resolve("summary.json"), json);
            try (BufferedWriter w = Files.newBufferedWriter(report.resolve("decisions.jsonl"))) {
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                for (SimResult.DecisionLog d : decisions) {
                    w.write(mapper.writeValueAsString(d));
                    w.newLine();
                }
            }
            System.err.printf(
                    "%d decisions -> %s%n", decisions.size(), report.resolve("decisions.jsonl"));
        } else {
            decisions.stream()
                    .limit(20)
                    .forEach(
                            d ->
                                    System.out.printf(
                                            "t=%ds %s v%d %s %s%n",
                                            d.atMillis() / 1000,
                                            d.scope(),
                                            d.version(),
                                            d.offloadThresholdMs() != null
                                                    ? String.format(
                                                            "%.0fms", d.offloadThresholdMs())
                                                    : d.weights(),
                                            d.reason()));
            if (decisions.size() > 20) {
                System.out.printf(
                        "... %d more (use --report DIR for all)%n", decisions.size() - 20);
            }
        }
        return 0;
    }
}
