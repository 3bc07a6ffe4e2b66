package org.qoeflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.qoeflow.cli.bench.Bench;
import org.qoeflow.cli.bench.BenchResult;
import org.qoeflow.common.Durations;
import org.qoeflow.kafka.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures the pipeline against this machine's own Kafka read ceiling, in one process. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        subcommands = {BenchControllerCommand.class, EarlyEvalCommand.class},
        description =
                "Preload the telemetry topic with the fleet model's telemetry of --nodes devices,"
                        + " measure a bare consumer's read rate (the ceiling) with and without"
                        + " decoding, run the QoE + anomaly job on a local MiniCluster at"
                        + " parallelism 2 until it has taken in the topic, then run the full loop"
                        + " and time degradations to the fleet's control update. The last line"
                        + " sums it up: bench: nodes=.. pipeline_eps=.. ceiling_eps=.. ratio=.."
                        + " decode_eps=.. control_p50_ms=.. control_p99_ms=.."
                        + " state_bytes_per_node=.. (NaN: not measured).")
public final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--nodes",
            defaultValue = "10000",
            description = "edge devices in the preloaded telemetry (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(
            names = "--events",
            defaultValue = "2000000",
            description = "telemetry records to preload (default ${DEFAULT-VALUE})")
    long events;

    @Option(
            names = "--duration",
            defaultValue = "130s",
            description =
                    "length of the control-loop phase once the loop has settled; one degradation"
                            + " every 40 s;"
                            + " 0s skips the phase (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--report", description = "write bench.json and bench.png here")
    Path report;

    /** Without {@code --bootstrap} the bench starts an embedded broker. */
    @Mixin KafkaConnection kafkaConnection;

    @Option(
            names = "--state-backend",
            defaultValue = "hashmap",
            description = "Flink state backend: hashmap or rocksdb (default ${DEFAULT-VALUE})")
    String stateBackend;

    @Option(
            names = "--flink-option",
            description = "Flink configuration key=value for the MiniCluster (repeatable)")
    Map<String, String> flinkOptions = new HashMap<>();

    @Option(
            names = "--scope-summaries",
            description =
                    "run the job with --scope-summaries: also its per-scope summaries and"
                            + " cloud-only scores, to measure what they cost")
    boolean scopeSummaries;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 10_000_000) {
            throw new IllegalArgumentException("--nodes must be in [1, 10000000], was " + nodes);
        }
        if (events < nodes) {
            throw new IllegalArgumentException(
                    "--events must be at least --nodes (" + nodes + "), was " + events);
        }
        if (!List.of("hashmap", "rocksdb").contains(stateBackend)) {
            throw new IllegalArgumentException(
                    "--state-backend must be hashmap or rocksdb, was " + stateBackend);
        }
        Duration loop = Durations.parse(duration);
        java.io.PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("qoeflow-bench");
        EmbeddedKafka kafka = null;
        try {
            if (kafkaConnection.bootstrap == null) {
                out.println("starting embedded Kafka (KRaft) ...");
                kafka = EmbeddedKafka.start();
            }
            Properties props =
                    kafka != null
                            ? kafkaConnection.properties(kafka.bootstrapServers())
                            : kafkaConnection.properties();
            out.println("Kafka at " + props.getProperty("bootstrap.servers"));
            TopicSetup.ensure(props, 2);
            BenchResult r =
                    new Bench(props, DemoFlinkConfig.of(flinkOptions), stateBackend, dir, out)
                            .withScopeSummaries(scopeSummaries)
                            .run(nodes, events, loop);
            if (report != null) {
                r.write(report);
                out.println("report written to " + report.toAbsolutePath());
            }
            out.println(r.line());
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            Bench.deleteQuietly(dir);
        }
        return 0;
    }
}
