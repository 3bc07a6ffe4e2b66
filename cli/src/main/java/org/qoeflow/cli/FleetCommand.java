package org.qoeflow.cli;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.qoeflow.common.Durations;
import org.qoeflow.fleet.FleetMetrics;
import org.qoeflow.fleet.FleetSimulator;
import org.qoeflow.fleet.FleetStats;
import org.qoeflow.fleet.client.TrustedKeys;
import org.qoeflow.fleet.kafka.FleetRunner;
import org.qoeflow.fleet.sim.Scenario;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the simulated fleet against a Kafka cluster, with Prometheus metrics. */
@Command(
        name = "fleet",
        mixinStandardHelpOptions = true,
        description =
                "Run the simulated fleet (edge devices + cloud nodes) against Kafka: publish"
                        + " telemetry, apply control updates, export Prometheus metrics.")
public final class FleetCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(FleetCommand.class);

    @Mixin KafkaConnection kafkaConnection;

    @Option(
            names = "--trust",
            description =
                    "controller public key <keyId>.pub, or a directory of them (see 'qoeflow"
                            + " keys'); without it the fleet accepts unsigned updates")
    Path trust;

    @Option(
            names = "--nodes",
            defaultValue = "60",
            description = "edge devices (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--cloud-nodes", defaultValue = "6", description = "default ${DEFAULT-VALUE}")
    int cloudNodes;

    @Option(
            names = "--rate",
            defaultValue = "150",
            description = "requests/s (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "fleet simulator seed")
    long seed;

    @Option(names = "--metrics-port", defaultValue = "9465", description = "0 disables")
    int metricsPort;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1", description = "bind address")
    String metricsHost;

    @Option(
            names = "--fault-at",
            defaultValue = "0s",
            description =
                    "after this long one cloud node turns bad (4x slower, 50%% errors): the demo"
                            + " scenario's fault, moved here; 0s = never (default)")
    String faultAt;

    @Option(
            names = "--fault-duration",
            defaultValue = "90s",
            description = "default ${DEFAULT-VALUE}")
    String faultDuration;

    @Option(
            names = "--status-every",
            defaultValue = "10s",
            description = "how often a status line is printed")
    String statusEvery;

    @Option(names = "--duration", description = "stop after this long; default: until Ctrl-C")
    String duration;

    @Override
    public Integer call() throws Exception {
        Properties kafka = kafkaConnection.properties();
        Scenario scenario =
                DemoFleet.scenario(
                        nodes,
                        cloudNodes,
                        rate,
                        seed,
                        Durations.parse(faultAt),
                        Durations.parse(faultDuration));
        FleetSimulator sim = new FleetSimulator(scenario);
        if (trust != null) {
            sim.requireSignatures(TrustedKeys.load(trust));
        } else {
            LOG.warn("no --trust: the fleet applies unsigned control updates");
        }
        long start = System.currentTimeMillis();
        LOG.info("{}", DemoFleet.faults(scenario));
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        FleetMetrics metrics = new FleetMetrics(registry, sim);
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "fleet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        HTTPServer http = null;
        try (FleetRunner fleet = new FleetRunner(kafka, sim, Duration.ofMillis(200), metrics)) {
            if (metricsPort != 0) {
                http =
                        HTTPServer.builder()
                                .hostname(metricsHost)
                                .port(metricsPort)
                                .registry(registry)
                                .buildAndStart();
            }
            fleet.start();
            System.out.printf(
                    Locale.ROOT,
                    "fleet: %d edge devices, %d cloud nodes, %.0f requests/s to %s; metrics %s%n",
                    nodes,
                    cloudNodes,
                    rate,
                    kafka.getProperty("bootstrap.servers"),
                    http == null
                            ? "off"
                            : "http://" + metricsHost + ":" + http.getPort() + "/metrics");
            runUntilStopped(fleet, stop, start);
        } finally {
            if (http != null) {
                http.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the JVM is exiting anyway.
            }
        }
        return 0;
    }

    private void runUntilStopped(FleetRunner fleet, CountDownLatch stop, long start)
            throws InterruptedException {
        long every = Durations.parse(statusEvery).toMillis();
        long end = duration == null ? Long.MAX_VALUE : start + Durations.parse(duration).toMillis();
        long lastEvents = 0;
        long lastAt = start;
        FleetStats last = new FleetStats(0, 0, 0, 0, 0, 0, 0);
        while (true) {
            long wait = Math.min(every, end - System.currentTimeMillis());
            if (wait <= 0 || stop.await(wait, TimeUnit.MILLISECONDS)) {
                return;
            }
            long now = System.currentTimeMillis();
            long events = fleet.eventsPublished();
            FleetStats s = fleet.stats();
            System.out.println(
                    statusLine(
                            (now - start) / 1000.0,
                            (events - lastEvents) * 1000.0 / Math.max(1, now - lastAt),
                            last,
                            s,
                            fleet.controlUpdatesReceived() - fleet.controlUpdatesRejected(),
                            fleet.controlUpdatesRejected() + fleet.controlUpdatesUndecodable(),
                            fleet.publishFailures()));
            lastEvents = events;
            lastAt = now;
            last = s;
        }
    }

    /** One status line; failure and offload shares are over the interval since {@code prev}. */
    static String statusLine(
            double elapsedS,
            double eventsPerS,
            FleetStats prev,
            FleetStats s,
            long applied,
            long rejected,
            long publishFailures) {
        long requests = s.requests() - prev.requests();
        return String.format(
                Locale.ROOT,
                "t=%5.0fs  events/s %6.0f  requests %d  failed %.1f%%  offload %.1f%%  control"
                        + " applied %d rejected %d  versions v%d..v%d  publish failures %d",
                elapsedS,
                eventsPerS,
                s.requests(),
                share(s.failures() - prev.failures(), requests),
                share(s.offloaded() - prev.offloaded(), requests),
                applied,
                rejected,
                s.appliedVersionMin(),
                s.appliedVersionMax(),
                publishFailures);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0.0 : 100.0 * part / whole;
    }
}
