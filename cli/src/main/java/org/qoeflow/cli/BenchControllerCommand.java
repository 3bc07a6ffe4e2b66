package org.qoeflow.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.qoeflow.cli.bench.ControllerBench;
import org.qoeflow.cli.bench.ControllerBenchResult;
import org.qoeflow.kafka.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures the controller service alone at fleet scale: intake rate, decision time, heap. */
@Command(
        name = "controller",
        mixinStandardHelpOptions = true,
        description =
                "Preload --windows 5 s windows of QoE and anomaly scores of --nodes devices (the"
                        + " fleet model's, scored as the job scores them), then run the controller"
                        + " service in-process over them one window at a time. The last line sums"
                        + " it up: bench-controller: nodes=.. scores_eps=.. decision_p50_ms=.."
                        + " decision_p99_ms=.. heap_bytes_per_node=.. keeps_up=true|false"
                        + " (keeps_up: every window after the first was taken in and decided on"
                        + " within 5 s).")
public final class BenchControllerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--nodes",
            defaultValue = "100000",
            description = "edge devices in the preloaded scores (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(
            names = "--windows",
            defaultValue = "4",
            description =
                    "windows to preload; the first is a warm-up when there are more"
                            + " (default ${DEFAULT-VALUE})")
    int windows;

    @Option(
            names = "--scope-summaries",
            description =
                    "preload what the job writes with --scope-summaries (one summary per offload"
                            + " scope and window of the edge devices, made by the job's"
                            + " ScopeSummarizer, and the cloud nodes' own scores) and run the"
                            + " controller with --scope-summaries; the line then ends with"
                            + " input=summaries devices_eps=.. (devices' windows taken in per"
                            + " second)")
    boolean scopeSummaries;

    @Option(names = "--report", description = "write bench-controller.json here")
    Path report;

    /** Without {@code --bootstrap} the bench starts an embedded broker. */
    @Mixin KafkaConnection kafkaConnection;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 10_000_000) {
            throw new IllegalArgumentException("--nodes must be in [1, 10000000], was " + nodes);
        }
        if (windows < 1 || windows > 1000) {
            throw new IllegalArgumentException("--windows must be in [1, 1000], was " + windows);
        }
        PrintWriter out = spec.commandLine().getOut();
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
            ControllerBenchResult r =
                    new ControllerBench(props, out).run(nodes, windows, scopeSummaries);
            if (report != null) {
                r.write(report);
                out.println("report written to " + report.toAbsolutePath());
            }
            out.println(r.line());
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
        return 0;
    }
}
