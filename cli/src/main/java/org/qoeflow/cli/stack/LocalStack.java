package org.qoeflow.cli.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.qoeflow.common.KafkaClientProperties;
import org.qoeflow.schema.ControlKeys;

/**
 * The multi-process local stack under one run folder: a Kafka broker (KRaft), a Flink session
 * cluster, the controller, the fleet, and Prometheus + Alertmanager where installed. Every process
 * binds {@link StackPorts#host()}; {@code stack.json} records the ports for {@code status}, {@code
 * submit} and {@code down}.
 */
public final class LocalStack {
    public static final String KAFKA = "kafka";
    public static final String CONTROLLER = "controller";
    public static final String FLEET = "fleet";
    public static final String PROMETHEUS = "prometheus";
    public static final String ALERTMANAGER = "alertmanager";
    public static final String KEY_ID = "ctl-local";

    /** Start order; {@code down} stops in reverse. */
    public static final List<String> PROCESSES =
            List.of(
                    KAFKA,
                    FlinkSessionCluster.JOB_MANAGER,
                    FlinkSessionCluster.TASK_MANAGER,
                    CONTROLLER,
                    FLEET,
                    ALERTMANAGER,
                    PROMETHEUS);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackHome home;
    private final Path runDir;
    private final StackPorts ports;
    private final PrintStream out;

    public LocalStack(StackHome home, Path runDir, StackPorts ports, PrintStream out) {
        this.home = home;
        this.runDir = runDir.toAbsolutePath().normalize();
        this.ports = ports;
        this.out = out;
    }

    /** The stack recorded in {@code runDir/stack.json} by a previous {@code up}. */
    public static LocalStack open(StackHome home, Path runDir, PrintStream out) {
        Path f = runDir.resolve("stack.json");
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException(
                    "no local stack in " + runDir.toAbsolutePath() + " (run ./qoeflow up first)");
        }
        try {
            var node = JSON.readTree(f.toFile());
            Map<String, Integer> p = new LinkedHashMap<>();
            node.path("ports")
                    .fields()
                    .forEachRemaining(e -> p.put(e.getKey(), e.getValue().asInt()));
            return new LocalStack(home, runDir, new StackPorts(node.path("host").asText(), p), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    public Path runDir() {
        return runDir;
    }

    public StackPorts ports() {
        return ports;
    }

    public FlinkSessionCluster flink() {
        return new FlinkSessionCluster(home, runDir, ports, 2);
    }

    public Properties kafkaProperties() {
        return KafkaClientProperties.with(new Properties(), ports.bootstrap());
    }

    public Path keysDir() {
        return runDir.resolve("keys");
    }

    public Optional<LocalProcess> process(String name) {
        return LocalProcess.read(runDir, name);
    }

    /**
     * Starts every process; {@code withFleet=false} leaves the fleet out (tests feed their own).
     */
    public void up(boolean withFleet, List<String> fleetArgs) throws Exception {
        up(withFleet, true, fleetArgs);
    }

    /** As {@link #up(boolean, List)}; {@code withMonitoring=false} skips Prometheus too. */
    public void up(boolean withFleet, boolean withMonitoring, List<String> fleetArgs)
            throws Exception {
        for (String name : PROCESSES) {
            Optional<LocalProcess> p = process(name);
            if (p.isPresent() && p.get().alive()) {
                throw new IllegalStateException(
                        name
                                + " already runs (pid "
                                + p.get().pid()
                                + ") from "
                                + runDir
                                + ": ./qoeflow status, or ./qoeflow down first");
            }
        }
        for (var e : ports.ports().entrySet()) {
            if (inUse(ports.host(), e.getValue())) {
                throw new IllegalStateException(
                        "port "
                                + e.getKey()
                                + " "
                                + ports.host()
                                + ":"
                                + e.getValue()
                                + " is in use; choose another with --port "
                                + e.getKey()
                                + "=N");
            }
        }
        Files.createDirectories(runDir);
        writeStackFile();
        startKafka();
        ensureKeys();
        startFlink();
        startController();
        if (withFleet) {
            startFleet(fleetArgs);
        }
        if (withMonitoring) {
            startMonitoring();
        }
        out.println("local stack up in " + runDir + " (logs in " + runDir.resolve("logs") + ")");
    }

    private void writeStackFile() throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("host", ports.host());
        ObjectNode p = n.putObject("ports");
        ports.ports().forEach(p::put);
        JSON.writerWithDefaultPrettyPrinter().writeValue(runDir.resolve("stack.json").toFile(), n);
    }

    /** Starts the broker on its data folder (formatted on first use, reused after). */
    public void startKafka() throws Exception {
        out.println("starting Kafka broker (KRaft) on " + ports.bootstrap() + " ...");
        List<String> cmd = java(home.root().resolve("deploy/local/kafka/log4j2.properties"));
        cmd.addAll(
                List.of(
                        "org.qoeflow.kafka.EmbeddedKafkaMain",
                        "--port",
                        Integer.toString(ports.port(StackPorts.KAFKA)),
                        "--controller-port",
                        Integer.toString(ports.port(StackPorts.KAFKA_CONTROLLER)),
                        "--log-dir",
                        runDir.resolve("kafka-data").toString(),
                        "--partitions",
                        "2"));
        LocalProcess kafka = LocalProcess.start(KAFKA, cmd, runDir, Map.of());
        await(kafka, "Kafka broker ready", Duration.ofSeconds(90));
        org.qoeflow.cli.TopicSetup.ensure(kafkaProperties(), 2);
    }

    private void ensureKeys() throws IOException {
        Path key = keysDir().resolve(KEY_ID + ".key");
        if (!Files.exists(key)) {
            Files.createDirectories(keysDir());
            ControlKeys.generate(keysDir(), KEY_ID);
            out.println("generated the control signing key " + key);
        }
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    private void startFlink() {
        FlinkSessionCluster flink = flink();
        out.println("starting Flink session cluster (web UI " + ports.flinkRestUrl() + ") ...");
        flink.writeConfiguration();
        LocalProcess jm = flink.startJobManager();
        LocalProcess tm = flink.startTaskManager(0);
        flink.awaitReady(1, Duration.ofSeconds(120), jm, tm);
    }

    /** Starts a controller instance (it recovers its versions from the control topic). */
    public void startController() throws Exception {
        out.println(
                "starting controller (metrics "
                        + ports.address(StackPorts.CONTROLLER_METRICS)
                        + ") ...");
        List<String> cmd = qoeflow();
        cmd.addAll(
                List.of(
                        "controller",
                        "--bootstrap",
                        ports.bootstrap(),
                        "--signing-key",
                        keysDir().resolve(KEY_ID + ".key").toString(),
                        "--instance-id",
                        "local-1",
                        "--metrics-port",
                        Integer.toString(ports.port(StackPorts.CONTROLLER_METRICS)),
                        "--metrics-host",
                        ports.host()));
        LocalProcess p = LocalProcess.start(CONTROLLER, cmd, runDir, Map.of());
        awaitPort(p, ports.port(StackPorts.CONTROLLER_METRICS), Duration.ofSeconds(60));
    }

    private void startFleet(List<String> extra) throws Exception {
        out.println("starting fleet (metrics " + ports.address(StackPorts.FLEET_METRICS) + ") ...");
        List<String> cmd = qoeflow();
        cmd.addAll(
                List.of(
                        "fleet",
                        "--bootstrap",
                        ports.bootstrap(),
                        "--trust",
                        keysDir().toString(),
                        "--metrics-port",
                        Integer.toString(ports.port(StackPorts.FLEET_METRICS)),
                        "--metrics-host",
                        ports.host()));
        cmd.addAll(extra);
        LocalProcess p = LocalProcess.start(FLEET, cmd, runDir, Map.of());
        awaitPort(p, ports.port(StackPorts.FLEET_METRICS), Duration.ofSeconds(60));
    }

    private void startMonitoring() throws Exception {
        Monitoring m = new Monitoring(home, runDir, ports);
        Optional<String> missing = m.missingBinaries();
        if (missing.isPresent()) {
            out.println(
                    "Prometheus/Alertmanager not started: "
                            + missing.get()
                            + " not installed (Debian: apt-get install prometheus"
                            + " prometheus-alertmanager)");
            return;
        }
        out.println(
                "starting Alertmanager ("
                        + ports.address(StackPorts.ALERTMANAGER)
                        + ") and Prometheus ("
                        + ports.address(StackPorts.PROMETHEUS)
                        + ") ...");
        m.render();
        LocalProcess am =
                LocalProcess.start(ALERTMANAGER, m.alertmanagerCommand(), runDir, Map.of());
        awaitPort(am, ports.port(StackPorts.ALERTMANAGER), Duration.ofSeconds(30));
        LocalProcess prom = LocalProcess.start(PROMETHEUS, m.prometheusCommand(), runDir, Map.of());
        awaitPort(prom, ports.port(StackPorts.PROMETHEUS), Duration.ofSeconds(30));
    }

    /** Stops every recorded process, newest first; returns the names that had to be killed. */
    public List<String> down() {
        List<String> killed = new ArrayList<>();
        List<String> order = new ArrayList<>(PROCESSES);
        java.util.Collections.reverse(order);
        for (String name : order) {
            Optional<LocalProcess> p = process(name);
            if (p.isPresent()) {
                boolean wasAlive = p.get().alive();
                if (p.get().stop(runDir, Duration.ofSeconds(name.equals(KAFKA) ? 30 : 15))) {
                    killed.add(name);
                }
                out.println(
                        (wasAlive ? "stopped " : "was not running: ")
                                + name
                                + " (pid "
                                + p.get().pid()
                                + ")");
            }
        }
        return killed;
    }

    /** A {@code java} command on the CLI classpath with the launcher's JVM options. */
    private List<String> java(Path log4j) {
        List<String> cmd = new ArrayList<>();
        cmd.add(FlinkSessionCluster.java());
        cmd.addAll(home.jvmArgs());
        cmd.add("-Dlog4j2.configurationFile=" + log4j);
        cmd.add("-cp");
        cmd.add(StackHome.cliClasspath());
        return cmd;
    }

    /** A {@code qoeflow <command>} in a child JVM. */
    private List<String> qoeflow() {
        List<String> cmd = java(Path.of("qoeflow-log4j2.properties"));
        cmd.add("-Dqoeflow.home=" + home.root());
        cmd.add("org.qoeflow.cli.Qoeflow");
        return cmd;
    }

    private static void await(LocalProcess p, String logLine, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (p.logSinceStart().contains(logLine)) {
                return;
            }
            if (!p.alive()) {
                throw new IllegalStateException(
                        p.name() + " exited during start-up; " + p.log() + " ends:\n" + p.tail(20));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                p.name() + " not ready after " + timeout + "; see " + p.log());
    }

    private void awaitPort(LocalProcess p, int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (inUse(ports.host(), port)) {
                return;
            }
            if (!p.alive()) {
                throw new IllegalStateException(
                        p.name() + " exited during start-up; " + p.log() + " ends:\n" + p.tail(20));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                p.name()
                        + " does not listen on "
                        + ports.host()
                        + ":"
                        + port
                        + " after "
                        + timeout
                        + "; see "
                        + p.log());
    }

    static boolean inUse(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
