package org.qoeflow.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.qoeflow.cli.stack.SavepointContents;
import org.qoeflow.jobs.JobOptions;
import org.qoeflow.jobs.QoeScoringJob;
import org.qoeflow.jobs.anomaly.AnomalyScoringJob;

/**
 * The QoE + anomaly job, wired as {@code qoeflow demo} wires it, on a local MiniCluster at
 * parallelism 2 with checkpoints every 10 s (the job's own default): started, timed until it has
 * taken in the whole preloaded range, then measured for state and heap. The job keeps running for
 * the control-loop phase; {@link #close} cancels it.
 */
final class PipelineRun implements AutoCloseable {
    private final JobClient job;
    private final Path stateDir;

    /** Sustained rate over the drain, and what the job then holds. */
    record Drain(
            double eventsPerSecond,
            double seconds,
            long records,
            List<double[]> progress,
            double cpuSeconds) {}

    /** CPU time of this whole process (job, broker, bench), or -1 where the JVM does not say. */
    static double processCpuSeconds() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun
                ? sun.getProcessCpuTime() / 1e9
                : -1;
    }

    private PipelineRun(JobClient job, Path stateDir) {
        this.job = job;
        this.stateDir = stateDir;
    }

    /** Managed memory for a non-heap state backend unless the caller sets it. */
    static final MemorySize ROCKSDB_MANAGED_MEMORY = MemorySize.parse("2g");

    static Configuration flinkConfig(Configuration base, String stateBackend, Path dir) {
        Configuration c = new Configuration(base);
        c.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10));
        c.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        c.set(
                CheckpointingOptions.SAVEPOINT_DIRECTORY,
                dir.resolve("savepoints").toUri().toString());
        c.setString("metrics.reporter.bench.factory.class", RecordCounter.Factory.class.getName());
        if (!"hashmap".equalsIgnoreCase(stateBackend)
                && !base.contains(TaskManagerOptions.MANAGED_MEMORY_SIZE)) {
            // the local default (128 MB) starves RocksDB's block cache: at 1 M nodes every window
            // access went to the files and the job fell to ~600 records/s
            c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, ROCKSDB_MANAGED_MEMORY);
        }
        return c;
    }

    static PipelineRun start(JobOptions o, Configuration conf, Path stateDir) throws Exception {
        RecordCounter.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        JobClient job = QoeScoringJob.wire(env, o).executeAsync("qoeflow-bench");
        return new PipelineRun(job, stateDir);
    }

    /** Waits until the job has taken in {@code records}; rate from its first record to its last. */
    Drain awaitDrain(long records, Duration timeout, PrintWriter out) throws Exception {
        return awaitDrain(job, records, timeout, out, "pipeline");
    }

    /** As {@link #awaitDrain(long, Duration, PrintWriter)} for any job counting its records in. */
    static Drain awaitDrain(
            JobClient job, long records, Duration timeout, PrintWriter out, String label)
            throws Exception {
        Progress progress = new Progress(out, label, records);
        long deadline = System.nanoTime() + timeout.toNanos();
        long first = 0;
        double cpuAtFirst = 0;
        long in;
        long lastPoint = 0;
        List<double[]> points = new ArrayList<>();
        while ((in = RecordCounter.recordsIn()) < records) {
            long now = System.nanoTime();
            if (first == 0 && in > 0) {
                first = now;
                cpuAtFirst = processCpuSeconds();
            }
            if (first != 0 && now - lastPoint >= 500_000_000L) {
                points.add(new double[] {(now - first) / 1e9, in});
                lastPoint = now;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        label
                                + ": took in "
                                + in
                                + " of "
                                + records
                                + " records within "
                                + timeout);
            }
            if (job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                throw new IllegalStateException(label + ": the job ended after " + in + " records");
            }
            progress.update(in);
            Thread.sleep(20);
        }
        long done = System.nanoTime();
        double seconds = (done - (first == 0 ? done : first)) / 1e9;
        points.add(new double[] {seconds, in});
        double cpu = processCpuSeconds() - cpuAtFirst;
        out.printf(
                java.util.Locale.ROOT,
                "  process CPU over the drain %.1f s: %.2f us per record (%.2f cores busy)%n",
                cpu,
                1e6 * cpu / records,
                cpu / Math.max(seconds, 1e-3));
        return new Drain(records / Math.max(seconds, 1e-3), seconds, records, points, cpu);
    }

    /** A canonical savepoint taken now: its whole size and the state size per operator. */
    record Savepoint(long bytes, Map<String, Long> byOperator) {}

    /** The job's operators that may hold state, by uid, for the savepoint's breakdown. */
    static final List<String> STATEFUL_UIDS =
            List.of(
                    "telemetry-source",
                    QoeScoringJob.WINDOW_UID,
                    AnomalyScoringJob.SCORER_UID,
                    "anomaly-top-k",
                    "cohort-analysis",
                    "model-source",
                    "qoe-scores-sink",
                    "anomaly-scores-sink",
                    "anomaly-top-k-sink",
                    "cohort-verdicts-sink",
                    "dlq-sink");

    Savepoint savepoint() throws Exception {
        String path =
                job.triggerSavepoint(
                                stateDir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(10, TimeUnit.MINUTES);
        String uri = path.startsWith("file:") ? path : "file:" + path;
        return new Savepoint(
                directoryBytes(Path.of(java.net.URI.create(uri))),
                SavepointContents.stateBytes(uri, STATEFUL_UIDS));
    }

    static long directoryBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            f -> {
                                try {
                                    return Files.size(f);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        job.cancel().get(60, TimeUnit.SECONDS);
    }
}
