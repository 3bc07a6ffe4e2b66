package org.qoeflow.cli;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.qoeflow.common.Durations;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.ScoreLimits;
import org.qoeflow.controller.service.ControlSigning;
import org.qoeflow.controller.service.ControllerExecutor;
import org.qoeflow.controller.service.Controllers;
import org.qoeflow.fleet.FleetSimulator;
import org.qoeflow.fleet.kafka.FleetRunner;
import org.qoeflow.fleet.sim.Scenario;
import org.qoeflow.jobs.JobOptions;
import org.qoeflow.jobs.QoeScoringJob;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.schema.ControlKeys;
import org.qoeflow.schema.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the whole system in one process: Kafka, the QoE job, the controller and the fleet. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Start an embedded Kafka broker (or use --bootstrap), the QoE scoring job on a"
                        + " local Flink MiniCluster, the feedback controller and a simulated"
                        + " fleet, and print a live status block.")
public final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--nodes",
            defaultValue = "60",
            description = "edge devices (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(
            names = "--cloud-nodes",
            defaultValue = "6",
            description = "cloud nodes (default ${DEFAULT-VALUE})")
    int cloudNodes;

    @Option(
            names = "--rate",
            defaultValue = "150",
            description = "fleet requests per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", description = "e.g. 60s or 5m; default: until Ctrl-C")
    String duration;

    @Option(names = "--report", description = "write summary.json and qoe.png here")
    Path report;

    /** Without {@code --bootstrap} the demo starts an embedded broker. */
    @Mixin KafkaConnection kafkaConnection;

    @Option(
            names = "--flink-option",
            description =
                    "Flink configuration key=value for the MiniCluster (repeatable); its REST,"
                            + " blob and RPC servers bind 127.0.0.1 unless set here, e.g."
                            + " rest.bind-address=0.0.0.0")
    java.util.Map<String, String> flinkOptions = new java.util.LinkedHashMap<>();

    @Option(
            names = "--status-every",
            defaultValue = "5s",
            description = "how often the status block is printed")
    String statusEvery;

    @Option(names = "--seed", defaultValue = "42", description = "fleet simulator seed")
    long seed;

    private static final Duration FAULT_DURATION = Duration.ofSeconds(90);

    @Option(
            names = "--fault-at",
            defaultValue = "300s",
            description =
                    "when one cloud node turns bad (4x slower, 50%% errors) for 90 s, to show an"
                            + " anomaly alert and the node drained (the detector warms up for 3 min per node); 0s = never")
    String faultAt;

    @Override
    public Integer call() throws Exception {
        Duration runFor = duration == null ? null : Durations.parse(duration);
        Duration every = Durations.parse(statusEvery);
        Scenario fleetScenario =
                DemoFleet.scenario(
                        nodes, cloudNodes, rate, seed, Durations.parse(faultAt), FAULT_DURATION);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            stop.countDown();
                            awaitQuietly(stopped);
                        });
        Runtime.getRuntime().addShutdownHook(hook);
        long start = System.nanoTime();
        EmbeddedKafka kafka = null;
        try {
            if (kafkaConnection.bootstrap == null) {
                System.out.println("starting embedded Kafka (KRaft) ...");
                kafka = EmbeddedKafka.start();
            }
            Properties props =
                    kafka != null
                            ? kafkaConnection.properties(kafka.bootstrapServers())
                            : kafkaConnection.properties();
            System.out.println("Kafka at " + props.getProperty("bootstrap.servers"));
            TopicSetup.ensure(props, 2);
            run(props, fleetScenario, runFor, every, stop, start, kafka != null);
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us.
            }
        }
        return 0;
    }

    private void run(
            Properties props,
            Scenario fleetScenario,
            Duration runFor,
            Duration every,
            CountDownLatch stop,
            long start,
            boolean embedded)
            throws Exception {
        JobOptions jobOptions =
                JobOptions.defaults(props.getProperty("bootstrap.servers")).withKafka(props);
        Configuration flinkConf = DemoFlinkConfig.of(flinkOptions);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(2, flinkConf);
        System.out.println("starting the QoE scoring job on a local Flink MiniCluster ...");
        JobClient job = QoeScoringJob.wire(env, jobOptions).executeAsync("qoeflow-qoe-scoring");
        DemoReport report = new DemoReport();
        FleetSimulator sim = new FleetSimulator(fleetScenario);
        // The controller signs every update; the fleet trusts only its public key.
        Path keys = Files.createTempDirectory("qoeflow-demo-keys");
        keys.toFile().deleteOnExit();
        ControlKeys.generate(keys, "demo-controller");
        keys.resolve("demo-controller.key").toFile().deleteOnExit();
        keys.resolve("demo-controller.pub").toFile().deleteOnExit();
        sim.requireSignatures(ControlKeys.trustRing(keys));
        ControlSigning signing =
                ControlSigning.fromFiles(keys.resolve("demo-controller.key"), null);
        try (DemoMonitor monitor = new DemoMonitor(props, embedded);
                ControllerExecutor controller =
                        Controllers.kafka(
                                props,
                                LawOptions.DEFAULTS.withRegionScopes(false),
                                new PrometheusRegistry(),
                                "qoeflow-controller",
                                signing,
                                ScoreLimits.DEFAULTS);
                FleetRunner fleet = new FleetRunner(props, sim, Duration.ofMillis(200))) {
            monitor.start();
            controller.start();
            fleet.start();
            sendOneMalformedRecord(props);
            System.out.printf(
                    Locale.ROOT,
                    "fleet: %d edge devices, %d cloud nodes, %.0f requests/s; %s; %s%n",
                    nodes,
                    cloudNodes,
                    rate,
                    DemoFleet.faults(fleetScenario),
                    runFor == null ? "Ctrl-C to stop" : "running for " + runFor.toSeconds() + " s");
            long lastEvents = 0;
            long lastTick = System.nanoTime();
            while (true) {
                long waitNanos = every.toNanos();
                if (runFor != null) {
                    waitNanos = Math.min(waitNanos, start + runFor.toNanos() - System.nanoTime());
                }
                if (waitNanos <= 0 || stop.await(waitNanos, TimeUnit.NANOSECONDS)) {
                    break;
                }
                long now = System.nanoTime();
                long events = fleet.eventsPublished();
                double rateIn = (events - lastEvents) / ((now - lastTick) / 1e9);
                lastEvents = events;
                lastTick = now;
                DemoMonitor.Snapshot s = monitor.snapshot();
                FleetControl fc = fleetControl(fleet);
                double elapsed = (now - start) / 1e9;
                report.add(point(elapsed, s, fc));
                printStatus(elapsed, rateIn, s, controller, fc);
            }
            System.out.println("stopping ...");
            fleet.close();
            Thread.sleep(1000);
            if (this.report != null) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                DemoMonitor.Snapshot s = monitor.snapshot();
                FleetControl fc = fleetControl(fleet);
                report.add(point(elapsed, s, fc));
                report.write(
                        this.report,
                        DemoReport.summary(
                                fleet.eventsPublished(),
                                s,
                                controller.versions(),
                                fc,
                                controller.scoresRejected(),
                                elapsed));
                System.out.println("report written to " + this.report.toAbsolutePath());
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static FleetControl fleetControl(FleetRunner fleet) {
        return FleetControl.of(
                fleet.heldControl(), fleet::controlOutcomes, fleet.controlUpdatesUndecodable());
    }

    private static DemoReport.Point point(double elapsed, DemoMonitor.Snapshot s, FleetControl fc) {
        double meanThreshold =
                fc.offloadThresholds().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElse(Double.NaN);
        return new DemoReport.Point(
                elapsed, s.loadWeightEdge(), s.loadWeightCloud(), s.offloadShare(), meanThreshold);
    }

    private static void printStatus(
            double elapsed,
            double rateIn,
            DemoMonitor.Snapshot s,
            ControllerExecutor controller,
            FleetControl fc) {
        Map<String, Long> published = controller.versions();
        long scoresRejected =
                controller.scoresRejected().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(
                Locale.ROOT,
                "--- t=%4.0fs ------------------------------------------------%n"
                        + "  events/s in %8.0f   nodes scored %5d   QoE scores %7d   DLQ %d%n"
                        + "  p95 latency  edge %6s ms   cloud %6s ms   (request-weighted, last window per node)%n"
                        + "  load weight  edge %6s      cloud %6s      offload share %s%n"
                        + "  control      latest v%d   fleet applied min v%d   thresholds %s%n"
                        + "  anomaly      scores %d   alerts %d   alerting (last min) %s   drained %s%n"
                        + "  rejected     by fleet: %s   scores by controller %d%n",
                elapsed,
                rateIn,
                s.nodesScored(),
                s.scoresOut(),
                s.deadLetters(),
                fmt(s.p95EdgeMs(), "%.0f"),
                fmt(s.p95CloudMs(), "%.0f"),
                fmt(s.loadWeightEdge(), "%.3f"),
                fmt(s.loadWeightCloud(), "%.3f"),
                fmt(s.offloadShare() * 100, "%.1f%%"),
                DemoReport.latest(published),
                fc.appliedMin(published),
                thresholds(fc),
                s.anomalyScores(),
                s.anomalyAlerts(),
                s.nodesAlertedLastMinute().isEmpty() ? "-" : s.nodesAlertedLastMinute(),
                fc.drainedCloudNodes().isEmpty() ? "-" : fc.drainedCloudNodes(),
                fc.rejectedLine(),
                scoresRejected);
    }

    private static String thresholds(FleetControl fc) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(fc.offloadThresholds())
                .forEach(
                        (scope, t) ->
                                b.append(scope.substring(scope.indexOf('/') + 1))
                                        .append('=')
                                        .append(String.format(Locale.ROOT, "%.0fms ", t)));
        return b.length() == 0 ? "-" : b.toString().trim();
    }

    private static String fmt(double v, String format) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "-";
    }

    /** One deliberately malformed telemetry record, to show the dead-letter path at work. */
    private static void sendOneMalformedRecord(Properties props) throws Exception {
        try (var producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    Topics.TELEMETRY.name(),
                                    "demo-garbage".getBytes(),
                                    "this is not telemetry".getBytes()))
                    .get();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
