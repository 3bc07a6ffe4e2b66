package org.qoeflow.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.qoeflow.common.Durations;
import org.qoeflow.schema.RecordFile;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Prints a topic's records as JSON lines ({@code --json}), or records them to a file in the format
 * of {@link RecordFile} ({@code --out}).
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = {
            "Print a topic as JSON lines (--json), or record it to a file (--out).",
            "--json reads up to the end offsets seen at start, or on until Ctrl-C with --follow;"
                    + " --out records live records for --duration (default 60s)."
        })
public final class TailCommand implements Callable<Integer> {
    static final Duration RECORD_DEFAULT = Duration.ofSeconds(60);

    @Option(
            names = "--topic",
            defaultValue = "telemetry",
            description = "short name (telemetry) or full name (qoeflow.telemetry.v1)")
    String topic;

    @Option(names = "--json", description = "print one JSON object per record to stdout")
    boolean json;

    @Option(names = "--out", description = "record the raw values to this file")
    Path out;

    @Option(names = "--from-beginning", description = "start at the oldest record, not the end")
    boolean fromBeginning;

    @Option(names = "--follow", description = "keep printing new records until Ctrl-C")
    boolean follow;

    @Option(names = "--duration", description = "stop after this long (--out: default 60s)")
    String duration;

    @Option(
            names = "--connect-timeout",
            defaultValue = "10s",
            description = "how long to wait for the broker to answer")
    String connectTimeout;

    @Mixin KafkaConnection kafkaConnection;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (json == (out != null)) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --json, --out");
        }
        TopicDescriptor<?> descriptor = resolve(topic);
        Properties p = kafkaConnection.properties();
        Duration limit =
                duration != null
                        ? Durations.parse(duration)
                        : (out != null ? RECORD_DEFAULT : null);
        var options =
                new TopicTail.Options(
                        fromBeginning,
                        follow || out != null,
                        limit,
                        Durations.parse(connectTimeout));
        TopicTail tail = new TopicTail(p, descriptor.name(), options);
        CountDownLatch done = new CountDownLatch(1);
        Thread onCtrlC =
                new Thread(
                        () -> {
                            tail.stop();
                            awaitQuietly(done);
                        });
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try (tail) {
            return json ? printJson(tail, descriptor) : record(tail);
        } finally {
            done.countDown();
            removeQuietly(onCtrlC);
        }
    }

    /** The topic named by its short or full name; unknown names list the valid ones. */
    TopicDescriptor<?> resolve(String name) {
        return Topics.all().stream()
                .filter(t -> t.name().equals(name) || shortName(t).equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new ParameterException(
                                        spec.commandLine(),
                                        "unknown topic '" + name + "'; valid: " + validNames()));
    }

    private static String validNames() {
        return Topics.all().stream()
                .map(t -> shortName(t) + " (" + t.name() + ")")
                .collect(Collectors.joining(", "));
    }

    /** {@code qoeflow.telemetry.v1} is {@code telemetry}. */
    static String shortName(TopicDescriptor<?> t) {
        return t.name().replaceFirst("^qoeflow\\.", "").replaceFirst("\\.v\\d+$", "");
    }

    private int printJson(TopicTail tail, TopicDescriptor<?> descriptor) {
        PrintWriter w = spec.commandLine().getOut();
        long[] errors = {0};
        long count =
                tail.run(
                        r -> {
                            RecordJson.Line line = RecordJson.line(descriptor, r);
                            w.println(line.json());
                            w.flush();
                            if (w.checkError()) {
                                tail.stop(); // stdout was closed, e.g. piped into head
                            }
                            if (line.error()) {
                                errors[0]++;
                            }
                        });
        spec.commandLine()
                .getErr()
                .printf(
                        "tail: %d records from %s (%d undecodable)%n",
                        count, descriptor.name(), errors[0]);
        spec.commandLine().getErr().flush();
        return 0;
    }

    private int record(TopicTail tail) {
        PrintWriter w = spec.commandLine().getOut();
        try (RecordFile.Writer writer = new RecordFile.Writer(out)) {
            long[] lastReport = {System.nanoTime()};
            tail.run(
                    r -> {
                        if (r.value() != null) {
                            writer.write(r.value());
                        }
                        if (System.nanoTime() - lastReport[0] > 5_000_000_000L) {
                            w.println("recorded " + writer.count() + " records");
                            w.flush();
                            lastReport[0] = System.nanoTime();
                        }
                    });
            w.println("recorded " + writer.count() + " records to " + out);
            w.flush();
        }
        return 0;
    }

    private static void awaitQuietly(CountDownLatch done) {
        try {
            done.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it stopped us
        }
    }
}
