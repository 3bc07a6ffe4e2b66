package org.qoeflow.controller.service;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.qoeflow.common.Durations;
import org.qoeflow.common.KafkaClientProperties;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.LawOverrides;
import org.qoeflow.controller.law.ScoreLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Standalone feedback controller: loads config, wires Kafka and Prometheus, runs until killed. */
@Command(
        name = "controller",
        mixinStandardHelpOptions = true,
        description = "Run the feedback controller against a Kafka cluster.")
public final class ControllerEntrypoint implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerEntrypoint.class);

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--kafka-properties", description = "Kafka client properties file")
    Path kafkaProperties;

    @Option(
            names = "--instance-id",
            description = "unique per instance; default: host name and process id")
    String instanceId;

    @Option(
            names = "--signing-key",
            description = "Ed25519 private key file <keyId>.key (see 'qoeflow keys generate')")
    Path signingKey;

    @Option(
            names = "--trust",
            description =
                    "directory of <keyId>.pub files whose updates the controller also resumes"
                            + " from after a restart (key rotation); its own key is always trusted")
    Path trustDir;

    @Option(
            names = "--regions",
            split = ",",
            description =
                    "the only regions whose scores are accepted (comma-separated); default: any,"
                            + " up to 32 at once")
    java.util.Set<String> regions = java.util.Set.of();

    @Option(
            names = "--session-timeout",
            defaultValue = "10s",
            description = "how soon a crashed leader is replaced")
    String session;

    @Option(names = "--metrics-port", defaultValue = "9464", description = "0 disables")
    int metricsPort;

    @Option(
            names = "--metrics-host",
            defaultValue = "127.0.0.1",
            description = "address the metrics server binds (default ${DEFAULT-VALUE})")
    String metricsHost;

    @Option(
            names = "--decide-on",
            defaultValue = "scores",
            description =
                    "scores: run the law once a window's scores are in (or --decision-grace after"
                            + " its first); clock: every decision interval, as before"
                            + " (default ${DEFAULT-VALUE})")
    String decideOn;

    @Option(
            names = "--decision-grace",
            defaultValue = "1s",
            description =
                    "longest wait for a window's missing scores after its first one, 0s..60s"
                            + " (default ${DEFAULT-VALUE})")
    String decisionGrace;

    @Option(
            names = "--scope-summaries",
            description =
                    "decide on the scoring job's per-scope summaries of the edge devices and the"
                            + " cloud nodes' own scores (topics qoeflow.scope-summaries.v1,"
                            + " qoeflow.cloud-scores.v1, qoeflow.cloud-anomaly-scores.v1) instead"
                            + " of every node's scores; the job must run with --scope-summaries")
    boolean scopeSummaries;

    @Mixin LawOption law = new LawOption();

    /** The decision trigger's options from the flags; a bad value names its flag. */
    DecisionTrigger.Options decisions() {
        if (!decideOn.equals("scores") && !decideOn.equals("clock")) {
            throw new IllegalArgumentException(
                    "--decide-on must be 'scores' or 'clock', got '" + decideOn + "'");
        }
        try {
            return new DecisionTrigger.Options(
                    decideOn.equals("scores"), Durations.parse(decisionGrace));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--decision-grace: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        // Validated before anything starts: a bad --law names itself and binds no port.
        LawOverrides overrides = law.overrides();
        LawOptions lawOptions = law.applyTo(LawOptions.DEFAULTS);
        DecisionTrigger.Options decisions = decisions();
        var kafka =
                KafkaClientProperties.with(KafkaClientProperties.load(kafkaProperties), bootstrap);
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        HTTPServer http = null;
        if (metricsPort != 0) {
            http =
                    HTTPServer.builder()
                            .hostname(metricsHost)
                            .port(metricsPort)
                            .registry(registry)
                            .buildAndStart();
            LOG.info("metrics on http://{}:{}/metrics", metricsHost, http.getPort());
        }
        CountDownLatch stop = new CountDownLatch(1);
        ControlSigning signing = ControlSigning.none();
        if (signingKey != null) {
            signing = ControlSigning.fromFiles(signingKey, trustDir);
        } else {
            LOG.warn(
                    "no --signing-key: control updates are unsigned, a fleet that requires"
                            + " signatures will reject them, and a restart resumes from whatever"
                            + " the control topic holds");
        }
        ScoreLimits limits = ScoreLimits.DEFAULTS.withRegions(regions);
        String id =
                instanceId != null
                        ? instanceId
                        : java.net.InetAddress.getLocalHost().getHostName()
                                + "-"
                                + ProcessHandle.current().pid();
        try (ControllerExecutor executor =
                Controllers.kafkaHighlyAvailable(
                        kafka,
                        lawOptions,
                        registry,
                        id,
                        Durations.parse(session),
                        signing,
                        limits,
                        decisions,
                        scopeSummaries)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            LOG.info(
                    "controller {} started against {}{}",
                    id,
                    kafka.getProperty("bootstrap.servers"),
                    overrides.isEmpty() ? "" : ", law overrides " + overrides.values());
            executor.start();
            stop.await();
        } finally {
            if (http != null) {
                http.close();
            }
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ControllerEntrypoint()).execute(args));
    }
}
