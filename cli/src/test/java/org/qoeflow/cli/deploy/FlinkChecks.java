package org.qoeflow.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.qoeflow.jobs.JobOptions;
import org.qoeflow.schema.Topics;

/** Checks the FlinkDeployment against the job's code and Flink's and the operator's options. */
final class FlinkChecks {
    static final String NAME = "qoeflow-qoe-scoring";
    static final String MAIN_CONTAINER = "flink-main-container";
    private static final Pattern USRLIB_COPY =
            Pattern.compile("(?m)^COPY\\s.*\\s(/opt/flink/usrlib/\\S+\\.jar)\\s*$");

    private FlinkChecks() {}

    static List<String> check(Manifests m, FlinkConfigKeys keys, Path dockerfile, Path tmp) {
        Optional<Manifests.Doc> found = m.find("FlinkDeployment", NAME);
        if (found.isEmpty()) {
            return List.of("no FlinkDeployment " + NAME);
        }
        Manifests.Doc fd = found.get();
        JsonNode spec = fd.node().path("spec");
        List<String> problems = new ArrayList<>();
        if (!fd.node().path("apiVersion").asText().equals("flink.apache.org/v1beta1")) {
            problems.add(fd + ": apiVersion must be flink.apache.org/v1beta1");
        }
        String flink = flinkVersion();
        if (!spec.path("flinkVersion").asText().equals(flink)) {
            problems.add(
                    fd
                            + ": flinkVersion "
                            + spec.path("flinkVersion").asText()
                            + ", the project builds against Flink "
                            + EnvironmentInformation.getVersion()
                            + " ("
                            + flink
                            + ")");
        }
        problems.addAll(job(m, fd, dockerfile, tmp));
        Map<String, String> conf = new LinkedHashMap<>();
        spec.path("flinkConfiguration")
                .fields()
                .forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
        problems.addAll(configuration(fd, conf, keys));
        problems.addAll(autoscaler(m, fd, conf, spec.path("job").path("parallelism").asInt(1)));
        problems.addAll(reporterPorts(fd, conf));
        boolean exactlyOnce =
                ManifestChecks.strings(spec.path("job").path("args")).contains("--exactly-once");
        if (exactlyOnce && !conf.containsKey("execution.checkpointing.interval")) {
            problems.add(
                    fd
                            + ": --exactly-once commits on checkpoints: set execution.checkpointing.interval");
        }
        JsonNode psc = PodView.ofFlink(fd).spec().path("securityContext");
        if (!psc.path("runAsNonRoot").asBoolean()) {
            problems.add(fd + ": podTemplate runAsNonRoot is not set");
        }
        return problems;
    }

    /** "v2_2" for Flink 2.2.x: the operator's FlinkVersion name of the Flink the project uses. */
    static String flinkVersion() {
        String[] v = EnvironmentInformation.getVersion().split("\\.");
        return "v" + v[0] + "_" + v[1];
    }

    private static List<String> job(Manifests m, Manifests.Doc fd, Path dockerfile, Path tmp) {
        List<String> problems = new ArrayList<>();
        JsonNode job = fd.node().path("spec").path("job");
        ManifestChecks.hasMain(job.path("entryClass").asText())
                .ifPresent(p -> problems.add(fd + ": " + p));
        String jar = job.path("jarURI").asText();
        Optional<String> copied = usrlibJar(dockerfile);
        if (!jar.startsWith("local://")
                || copied.isEmpty()
                || !jar.substring("local://".length()).equals(copied.get())) {
            problems.add(
                    fd
                            + ": jarURI "
                            + jar
                            + " is not the jar "
                            + dockerfile.getFileName()
                            + " copies into the image ("
                            + copied.orElse("none")
                            + ")");
        }
        PodView pod = PodView.ofFlink(fd);
        Optional<JsonNode> main = pod.container(MAIN_CONTAINER);
        if (main.isEmpty()) {
            problems.add(fd + ": podTemplate has no container " + MAIN_CONTAINER);
            return problems;
        }
        List<String> args = ManifestChecks.strings(job.path("args"));
        // The job reads --kafka-properties in main(): hand it the mounted ConfigMap's content.
        List<String> local =
                ManifestChecks.replaceValue(
                        args,
                        "--kafka-properties",
                        path ->
                                pod.mountedFile(m, main.get(), path, "--kafka-properties", problems)
                                        .map(
                                                text ->
                                                        ManifestChecks.writeTemp(
                                                                        tmp.resolve("job"),
                                                                        "kafka.properties",
                                                                        text)
                                                                .toString())
                                        .orElse(path));
        try {
            JobOptions o = JobOptions.fromArgs(local.toArray(String[]::new));
            problems.addAll(
                    ManifestChecks.bootstrap(
                            m, fd.toString(), o.kafka().getProperty("bootstrap.servers")));
        } catch (RuntimeException e) {
            problems.add(fd + ": job args " + args + ": " + e.getMessage());
        }
        return problems;
    }

    private static List<String> configuration(
            Manifests.Doc fd, Map<String, String> conf, FlinkConfigKeys keys) {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> params = new LinkedHashMap<>();
        conf.forEach(
                (k, v) -> {
                    Matcher r =
                            Pattern.compile("metrics\\.reporter\\.([^.]+)\\.factory\\.class")
                                    .matcher(k);
                    if (r.matches()) {
                        reporterParams(v)
                                .ifPresentOrElse(
                                        p -> params.put(r.group(1), p),
                                        () ->
                                                problems.add(
                                                        fd
                                                                + ": "
                                                                + k
                                                                + ": "
                                                                + v
                                                                + " is not a MetricReporterFactory"));
                    }
                });
        conf.forEach(
                (k, v) -> keys.check(k, v, params).ifPresent(p -> problems.add(fd + ": " + p)));
        return problems;
    }

    /** The reporter-specific parameters a factory reads: its ARG_* constants (e.g. "port"). */
    private static Optional<List<String>> reporterParams(String factoryClass) {
        try {
            Class<?> c = Class.forName(factoryClass);
            if (!MetricReporterFactory.class.isAssignableFrom(c)) {
                return Optional.empty();
            }
            List<String> params = new ArrayList<>();
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                params.addAll(ManifestChecks.stringConstants(k, ""));
            }
            // Options every reporter of the package reads (e.g. filterLabelValueCharacters).
            for (String name :
                    List.of("PrometheusReporterOptions", "PrometheusPushGatewayReporterOptions")) {
                try {
                    Class<?> o = Class.forName(c.getPackageName() + "." + name);
                    for (var f : o.getFields()) {
                        if (f.get(null)
                                instanceof org.apache.flink.configuration.ConfigOption<?> co) {
                            params.add(co.key());
                        }
                    }
                } catch (ReflectiveOperationException notThere) {
                    // not every reporter package has both
                }
            }
            return Optional.of(params.stream().filter(p -> p.matches("[a-z][a-zA-Z.-]*")).toList());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    private static List<String> autoscaler(
            Manifests m, Manifests.Doc fd, Map<String, String> conf, int parallelism) {
        List<String> problems = new ArrayList<>();
        if (!"true".equals(conf.get("job.autoscaler.enabled"))) {
            return List.of(fd + ": job.autoscaler.enabled is not true");
        }
        List<String> missing =
                Stream.of(
                                "utilization.min",
                                "utilization.target",
                                "utilization.max",
                                "vertex.min-parallelism",
                                "vertex.max-parallelism",
                                "metrics.window",
                                "stabilization.interval")
                        .map(k -> "job.autoscaler." + k)
                        .filter(k -> !conf.containsKey(k))
                        .collect(Collectors.toList());
        if (!conf.containsKey("pipeline.max-parallelism")) {
            missing.add("pipeline.max-parallelism");
        }
        if (!missing.isEmpty()) {
            return List.of(fd + ": the autoscaler's bounds are not set: " + missing);
        }
        try {
            double min = Double.parseDouble(conf.get("job.autoscaler.utilization.min"));
            double target = Double.parseDouble(conf.get("job.autoscaler.utilization.target"));
            double max = Double.parseDouble(conf.get("job.autoscaler.utilization.max"));
            if (!(0 < min && min < target && target < max && max <= 1)) {
                problems.add(
                        fd
                                + ": utilization bounds must satisfy 0 < min < target < max <= 1, are "
                                + min
                                + " "
                                + target
                                + " "
                                + max);
            }
            int lo = Integer.parseInt(conf.get("job.autoscaler.vertex.min-parallelism"));
            int hi = Integer.parseInt(conf.get("job.autoscaler.vertex.max-parallelism"));
            int maxParallelism = Integer.parseInt(conf.get("pipeline.max-parallelism"));
            int partitions = telemetryPartitions(m);
            if (!(1 <= lo && lo <= parallelism && parallelism <= hi && hi <= maxParallelism)) {
                problems.add(
                        fd
                                + ": need 1 <= vertex.min-parallelism "
                                + lo
                                + " <= job.parallelism "
                                + parallelism
                                + " <= vertex.max-parallelism "
                                + hi
                                + " <= pipeline.max-parallelism "
                                + maxParallelism);
            }
            if (partitions > 0 && hi > partitions) {
                problems.add(
                        fd
                                + ": vertex.max-parallelism "
                                + hi
                                + " > "
                                + partitions
                                + " telemetry partitions: extra source subtasks would idle");
            }
            Duration window = FlinkConfigKeys.duration(conf.get("job.autoscaler.metrics.window"));
            Duration stabilization =
                    FlinkConfigKeys.duration(conf.get("job.autoscaler.stabilization.interval"));
            if (window.isZero() || stabilization.isZero()) {
                problems.add(
                        fd + ": autoscaler metrics.window and stabilization.interval must be > 0");
            }
        } catch (RuntimeException e) {
            problems.add(fd + ": autoscaler bounds unparsable: " + e.getMessage());
        }
        return problems;
    }

    private static int telemetryPartitions(Manifests m) {
        return m.ofKind("KafkaTopic").stream()
                .filter(
                        t ->
                                t.node()
                                        .path("spec")
                                        .path("topicName")
                                        .asText()
                                        .equals(Topics.TELEMETRY.name()))
                .mapToInt(t -> t.node().path("spec").path("partitions").asInt())
                .findFirst()
                .orElse(0);
    }

    /** Each Prometheus reporter's port is the pod template's container port of that name. */
    private static List<String> reporterPorts(Manifests.Doc fd, Map<String, String> conf) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> named = PodView.ofFlink(fd).namedPorts();
        conf.forEach(
                (k, v) -> {
                    Matcher r = Pattern.compile("metrics\\.reporter\\.([^.]+)\\.port").matcher(k);
                    if (r.matches() && !named.containsValue(Integer.parseInt(v))) {
                        problems.add(
                                fd
                                        + ": reporter "
                                        + r.group(1)
                                        + " listens on "
                                        + v
                                        + ", which is no named container port "
                                        + named);
                    }
                });
        if (conf.keySet().stream().noneMatch(k -> k.matches("metrics\\.reporter\\.[^.]+\\.port"))) {
            problems.add(
                    fd + ": no metrics.reporter.<name>.port: nothing for the PodMonitor to scrape");
        }
        return problems;
    }

    private static Optional<String> usrlibJar(Path dockerfile) {
        try {
            Matcher c = USRLIB_COPY.matcher(Files.readString(dockerfile));
            return c.find() ? Optional.of(c.group(1)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
