package org.qoeflow.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Flink session cluster from the Maven Central jars: one {@code
 * StandaloneSessionClusterEntrypoint} and {@code TaskManagerRunner} processes, configured the way
 * Flink's own {@code jobmanager.sh}/{@code taskmanager.sh} do (memory options computed by {@code
 * BashJavaUtils}), with the web UI, checkpoints and savepoints under the run folder and Flink's
 * Prometheus reporter.
 */
public final class FlinkSessionCluster {
    public static final String JOB_MANAGER = "flink-jobmanager";
    public static final String TASK_MANAGER = "flink-taskmanager";
    private static final String EXEC_RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private final StackHome home;
    private final Path runDir;
    private final StackPorts ports;
    private final int slots;

    public FlinkSessionCluster(StackHome home, Path runDir, StackPorts ports, int slots) {
        this.home = home;
        this.runDir = runDir.toAbsolutePath();
        this.ports = ports;
        this.slots = slots;
    }

    public Path confDir() {
        return runDir.resolve("flink-conf");
    }

    public Path savepointDir() {
        return runDir.resolve("flink-savepoints");
    }

    public FlinkRest rest() {
        return new FlinkRest(ports.flinkRestUrl());
    }

    /** The cluster's configuration: everything on {@code ports.host()}, nothing on 0.0.0.0. */
    Map<String, String> configuration() {
        String host = ports.host();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", host);
        c.put("jobmanager.rpc.port", Integer.toString(ports.port(StackPorts.FLINK_RPC)));
        c.put("jobmanager.bind-host", host);
        c.put("jobmanager.memory.process.size", "1024m");
        c.put("taskmanager.host", host);
        c.put("taskmanager.bind-host", host);
        c.put("taskmanager.memory.process.size", "1728m");
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
        c.put("parallelism.default", Integer.toString(slots));
        c.put("rest.address", host);
        c.put("rest.bind-address", host);
        c.put("rest.port", Integer.toString(ports.port(StackPorts.FLINK_REST)));
        c.put("execution.checkpointing.interval", "10s");
        c.put(
                "execution.checkpointing.dir",
                runDir.resolve("flink-checkpoints").toUri().toString());
        c.put("execution.checkpointing.savepoint-dir", savepointDir().toUri().toString());
        c.put("execution.checkpointing.num-retained", "2");
        // A killed TaskManager is noticed in seconds, not the default 50 s.
        c.put("heartbeat.interval", "2 s");
        c.put("heartbeat.timeout", "10 s");
        c.put("restart-strategy.type", "exponential-delay");
        c.put("restart-strategy.exponential-delay.initial-backoff", "1s");
        c.put("restart-strategy.exponential-delay.max-backoff", "30s");
        c.putAll(reporterConfiguration());
        // Flink's own reporter factory listens on every interface; ours binds the stack's host.
        c.put(
                "metrics.reporter.prom.factory.class",
                "org.qoeflow.flink.metrics.BoundPrometheusReporterFactory");
        c.put("metrics.reporter.prom.host", host);
        // One port per process: the JobManager's here, each TaskManager's on its command line.
        c.put(
                "metrics.reporter.prom.port",
                Integer.toString(ports.port(StackPorts.FLINK_JM_METRICS)));
        c.put("env.java.opts.all", String.join(" ", home.jvmArgs()));
        return c;
    }

    /** The reporter keys of {@code deploy/flink/prometheus-reporter.yaml}, shared with k8s. */
    private Map<String, String> reporterConfiguration() {
        Path f = home.root().resolve("deploy/flink/prometheus-reporter.yaml");
        try {
            Map<String, String> c = new LinkedHashMap<>();
            new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                    .readTree(f.toFile())
                    .fields()
                    .forEachRemaining(e -> c.put(e.getKey(), e.getValue().asText()));
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reporter configuration " + f, e);
        }
    }

    /** Writes {@code config.yaml} and the log4j configuration into {@link #confDir()}. */
    public void writeConfiguration() {
        try {
            Files.createDirectories(confDir());
            StringBuilder yaml = new StringBuilder("# written by qoeflow up\n");
            configuration()
                    .forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
            Files.writeString(confDir().resolve("config.yaml"), yaml);
            Files.writeString(
                    confDir().resolve("log4j.properties"),
                    String.join(
                            "\n",
                            "rootLogger.level = INFO",
                            "rootLogger.appenderRef.file.ref = MainAppender",
                            "logger.kafka.name = org.apache.kafka",
                            "logger.kafka.level = WARN",
                            "appender.main.name = MainAppender",
                            "appender.main.type = File",
                            "appender.main.append = true",
                            "appender.main.fileName = ${sys:log.file}",
                            "appender.main.layout.type = PatternLayout",
                            "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %c - %m%n",
                            ""));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the Flink configuration to " + confDir(), e);
        }
    }

    private static String quote(String v) {
        return "'" + v.replace("'", "''") + "'";
    }

    /** Starts the JobManager; {@link #awaitReady} tells when its REST endpoint answers. */
    public LocalProcess startJobManager() {
        List<String> cmd = javaCommand(JOB_MANAGER, "GET_JM_RESOURCE_PARAMS", List.of());
        cmd.add("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
        cmd.add("--configDir");
        cmd.add(confDir().toString());
        cmd.addAll(dynamicProperties("GET_JM_RESOURCE_PARAMS", List.of()));
        return LocalProcess.start(JOB_MANAGER, cmd, runDir, Map.of());
    }

    /** Starts TaskManager number {@code index} (0 = {@value #TASK_MANAGER}). */
    public LocalProcess startTaskManager(int index) {
        String name = index == 0 ? TASK_MANAGER : TASK_MANAGER + "-" + index;
        int metricsPort = ports.port(StackPorts.FLINK_TM_METRICS) + index;
        List<String> extra =
                List.of(
                        "-D", "metrics.reporter.prom.port=" + metricsPort,
                        "-D", "taskmanager.resource-id=" + name);
        List<String> cmd = javaCommand(name, "GET_TM_RESOURCE_PARAMS", extra);
        cmd.add("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        cmd.add("--configDir");
        cmd.add(confDir().toString());
        cmd.addAll(dynamicProperties("GET_TM_RESOURCE_PARAMS", extra));
        cmd.addAll(extra);
        return LocalProcess.start(name, cmd, runDir, Map.of());
    }

    /** Waits until the REST endpoint answers with {@code taskManagers} registered. */
    public void awaitReady(int taskManagers, Duration timeout, LocalProcess... watch) {
        long deadline = System.nanoTime() + timeout.toNanos();
        FlinkRest rest = rest();
        while (System.nanoTime() < deadline) {
            if (rest.ready(taskManagers)) {
                return;
            }
            for (LocalProcess p : watch) {
                if (!p.alive()) {
                    throw new IllegalStateException(
                            p.name()
                                    + " exited during start-up; its log "
                                    + p.log()
                                    + " ends:\n"
                                    + p.tail(20));
                }
            }
            sleepQuietly(500);
        }
        throw new IllegalStateException(
                "Flink REST at "
                        + ports.flinkRestUrl()
                        + " not ready with "
                        + taskManagers
                        + " TaskManager(s) after "
                        + timeout
                        + "; logs in "
                        + runDir.resolve("logs"));
    }

    /** Runs the Flink CLI ({@code CliFrontend}) against this cluster and returns its output. */
    public String cli(Duration timeout, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(home.jvmArgs());
        cmd.add("-Dlog.file=" + runDir.resolve("logs/flink-cli.log"));
        cmd.add("-Dlog4j.configurationFile=file:" + confDir().resolve("log4j.properties"));
        cmd.add("-cp");
        cmd.add(home.flinkClasspath());
        cmd.add("org.apache.flink.client.cli.CliFrontend");
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("FLINK_CONF_DIR", confDir().toString());
        Process p = pb.start();
        String out;
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(
                        "flink " + String.join(" ", args) + " timed out after " + timeout);
            }
            out = new String(p.getInputStream().readAllBytes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(
                    "flink " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    private List<String> javaCommand(String name, String resourceCmd, List<String> extra) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(home.jvmArgs());
        cmd.addAll(execResults(resourceCmd, extra).get(0));
        cmd.add("-Dlog.file=" + runDir.resolve("logs").resolve(name + ".log"));
        cmd.add("-Dlog4j.configurationFile=file:" + confDir().resolve("log4j.properties"));
        cmd.add("-cp");
        cmd.add(home.flinkClasspath());
        return cmd;
    }

    private List<String> dynamicProperties(String resourceCmd, List<String> extra) {
        return execResults(resourceCmd, extra).get(1);
    }

    private final Map<String, List<List<String>>> resourceParams = new LinkedHashMap<>();

    /**
     * The two lines {@code BashJavaUtils} prints: JVM memory options, then {@code -D key=value}
     * dynamic properties, exactly as Flink's start scripts use them.
     */
    private List<List<String>> execResults(String resourceCmd, List<String> extra) {
        return resourceParams.computeIfAbsent(
                resourceCmd + extra,
                k -> {
                    List<String> cmd = new ArrayList<>();
                    cmd.add(java());
                    cmd.add("-cp");
                    cmd.add(home.flinkClasspath());
                    cmd.add("org.apache.flink.runtime.util.bash.BashJavaUtils");
                    cmd.add(resourceCmd);
                    cmd.add("--configDir");
                    cmd.add(confDir().toString());
                    cmd.addAll(extra);
                    try {
                        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                        String out = new String(p.getInputStream().readAllBytes());
                        p.waitFor(60, TimeUnit.SECONDS);
                        List<List<String>> lines =
                                out.lines()
                                        .filter(l -> l.startsWith(EXEC_RESULT))
                                        .map(l -> l.substring(EXEC_RESULT.length()).trim())
                                        .map(l -> splitArgs(l))
                                        .toList();
                        if (lines.size() != 2) {
                            throw new IllegalStateException(
                                    "BashJavaUtils " + resourceCmd + " printed:\n" + out);
                        }
                        return lines;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static List<String> splitArgs(String line) {
        return line.isEmpty() ? List.of() : Arrays.asList(line.split("\\s+"));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
