package org.qoeflow.cli.deploy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.qoeflow.controller.service.ControllerMetrics;

/**
 * The metric names alert and recording rules may use: what the controller registers, and the user
 * metrics the job registers (as Flink's Prometheus reporter names them under an operator).
 */
final class RuleMetrics {
    static final Pattern CONTROLLER = Pattern.compile("\\bqoeflow_controller_[a-z0-9_]+");

    /** Operator-scope metrics; lower-case snake_case suffixes are ours, Flink's are camelCase. */
    static final Pattern JOB_OPERATOR =
            Pattern.compile("\\bflink_taskmanager_job_task_operator_([a-z][a-z0-9_]*)\\b");

    private static final Pattern REGISTRATION =
            Pattern.compile("\\.(?:counter|histogram|gauge|meter)\\(\\s*\"([a-z][a-z0-9_]*)\"");
    private static final List<String> SUFFIXES =
            List.of("", "_total", "_created", "_bucket", "_count", "_sum", "_info");

    private final Set<String> controller;
    private final Set<String> job;

    RuleMetrics(Set<String> controller, Set<String> job) {
        this.controller = controller;
        this.job = job;
    }

    /** From a fresh controller registry and the job module's sources. */
    static RuleMetrics load(Path repoRoot) {
        PrometheusRegistry registry = new PrometheusRegistry();
        new ControllerMetrics(registry);
        Set<String> controller = new TreeSet<>();
        for (MetricSnapshot s : registry.scrape()) {
            for (String suffix : SUFFIXES) {
                controller.add(s.getMetadata().getPrometheusName() + suffix);
            }
        }
        return new RuleMetrics(controller, jobMetrics(repoRoot.resolve("jobs/src/main/java")));
    }

    /** Names passed to counter/histogram/gauge/meter("...") in the job's sources. */
    static Set<String> jobMetrics(Path sources) {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = REGISTRATION.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    Set<String> controllerNames() {
        return controller;
    }

    Set<String> jobNames() {
        return job;
    }

    /** Metric names in {@code expr} that neither the controller nor the job exports. */
    List<String> unknownIn(String expr) {
        List<String> unknown = new ArrayList<>();
        Matcher c = CONTROLLER.matcher(expr);
        while (c.find()) {
            if (!controller.contains(c.group())) {
                unknown.add(c.group());
            }
        }
        Matcher j = JOB_OPERATOR.matcher(expr);
        while (j.find()) {
            String suffix = j.group(1).replaceFirst("_(count|sum)$", "");
            if (job.stream().noneMatch(n -> suffix.equals(n) || suffix.endsWith("_" + n))) {
                unknown.add(j.group());
            }
        }
        return unknown;
    }
}
