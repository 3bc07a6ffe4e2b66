package org.qoeflow.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.qoeflow.common.Durations;
import org.qoeflow.jobs.JobOptions;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.Topics;

/**
 * One bench run, in order: preload, the two consumer ceilings, the job until it has taken in the
 * preloaded range, state and heap, then the control loop on the still-running job.
 */
public final class Bench {
    private final Properties kafka;
    private final Configuration flink;
    private final String stateBackend;
    private final Path dir;
    private final PrintWriter out;
    private boolean scopeSummaries;

    public Bench(
            Properties kafka, Configuration flink, String stateBackend, Path dir, PrintWriter out) {
        this.kafka = kafka;
        this.flink = flink;
        this.stateBackend = stateBackend;
        this.dir = dir;
        this.out = out;
    }

    /** Runs the job with {@code --scope-summaries} (its per-scope and cloud-only outputs too). */
    public Bench withScopeSummaries(boolean on) {
        this.scopeSummaries = on;
        return this;
    }

    public BenchResult run(int nodes, long events, Duration loop) throws Exception {
        Map<TopicPartition, Long> from = endOffsets();
        out.printf(Locale.ROOT, "[1/5] preloading %,d records of %,d nodes ...%n", events, nodes);
        TelemetryPreload.Result pre = TelemetryPreload.run(kafka, nodes, events, out);
        Map<TopicPartition, Long> to = endOffsets();
        out.printf(
                Locale.ROOT,
                "  %,d records (%.0f B mean) of %,d node ids in %.1f s%n",
                pre.records(),
                (double) pre.bytes() / pre.records(),
                pre.nodes(),
                pre.seconds());

        out.println(
                "[2/5] bare consumer ceiling, without and with decoding; then Flink's source ...");
        double ceiling = ConsumerCeiling.rate(kafka, from, to, false, out);
        double decode = ConsumerCeiling.rate(kafka, from, to, true, out);
        out.printf(Locale.ROOT, "  ceiling %,.0f/s, with decoding %,.0f/s%n", ceiling, decode);
        Configuration conf = PipelineRun.flinkConfig(flink, stateBackend, dir);
        PipelineRun.Drain flinkRead = flinkCeiling(conf, from, false, pre.records());
        PipelineRun.Drain flinkDecode = flinkCeiling(conf, from, true, pre.records());
        out.printf(
                Locale.ROOT,
                "  flink source ceiling %,.0f/s (%.2f of the bare consumer), with the job's"
                        + " decoding %,.0f/s (%.2f)%n",
                flinkRead.eventsPerSecond(),
                flinkRead.eventsPerSecond() / ceiling,
                flinkDecode.eventsPerSecond(),
                flinkDecode.eventsPerSecond() / ceiling);

        String group = "qoeflow-bench-" + System.currentTimeMillis();
        commit(group, from);
        JobOptions o = jobOptions(group);
        long heapBefore = usedHeapAfterGc();
        out.printf(
                Locale.ROOT,
                "[3/5] the QoE + anomaly job (parallelism 2, %s state) over the topic ...%n",
                stateBackend);
        long records = pre.records();
        try (PipelineRun job = PipelineRun.start(o, conf, dir)) {
            PipelineRun.Drain drain =
                    job.awaitDrain(records, Duration.ofSeconds(600 + records / 1_000), out);
            out.printf(
                    Locale.ROOT,
                    "  %,d records in %.1f s: %,.0f/s (%.2f of the ceiling)%n",
                    records,
                    drain.seconds(),
                    drain.eventsPerSecond(),
                    drain.eventsPerSecond() / ceiling);
            out.println("[4/5] state: savepoint and heap ...");
            long heap = Math.max(0, usedHeapAfterGc() - heapBefore);
            PipelineRun.Savepoint savepoint = job.savepoint();
            long state = savepoint.bytes();
            out.printf(
                    Locale.ROOT,
                    "  savepoint %,d B (%.0f B/node), heap %,d B (%.0f B/node)%n",
                    state,
                    (double) state / nodes,
                    heap,
                    (double) heap / nodes);
            savepoint
                    .byOperator()
                    .forEach(
                            (uid, b) -> {
                                if (b > 0) {
                                    out.printf(
                                            Locale.ROOT,
                                            "    %s: %,d B (%.0f B/node)%n",
                                            uid,
                                            b,
                                            (double) b / nodes);
                                }
                            });
            List<Double> latencies = List.of();
            int injections = 0;
            Map<String, Object> legs = Map.of();
            if (!loop.isZero()) {
                out.printf(Locale.ROOT, "[5/5] control loop for %d s ...%n", loop.toSeconds());
                ControlLoop.Result l = ControlLoop.run(kafka, loop, out);
                latencies = l.latenciesMs();
                injections = l.injections();
                legs = l.json();
                out.printf(
                        Locale.ROOT,
                        "  %d of %d injections reached the fleet: %s ms%n",
                        latencies.size(),
                        injections,
                        latencies.stream()
                                .map(v -> String.format(Locale.ROOT, "%.0f", v))
                                .collect(Collectors.joining(", ")));
            } else {
                out.println("[5/5] control loop skipped (--duration 0s)");
            }
            return new BenchResult(
                    nodes,
                    records,
                    stateBackend,
                    scopeSummaries,
                    pre.records() / pre.seconds(),
                    ceiling,
                    decode,
                    drain.eventsPerSecond(),
                    drain.seconds(),
                    drain.cpuSeconds(),
                    drain.progress(),
                    latencies,
                    injections,
                    state,
                    savepoint.byOperator(),
                    heap,
                    flinkRead,
                    flinkDecode,
                    legs);
        }
    }

    /** A Flink job on the pipeline's settings that only reads (and decodes) the range. */
    private PipelineRun.Drain flinkCeiling(
            Configuration conf, Map<TopicPartition, Long> from, boolean decode, long records)
            throws Exception {
        String group = "qoeflow-bench-flink-" + System.nanoTime();
        commit(group, from);
        return FlinkCeiling.rate(jobOptions(group), conf, decode, records, out);
    }

    /**
     * Bench-only knob: {@code -Dqoeflow.bench.maxOutOfOrderness=500ms} runs the job with another
     * watermark bound, to time the control loop's window-close leg against it.
     */
    static final String MAX_OUT_OF_ORDERNESS = "qoeflow.bench.maxOutOfOrderness";

    /** The demo's job options reading from the committed offsets of {@code group}. */
    private JobOptions jobOptions(String group) {
        JobOptions d = JobOptions.defaults(kafka.getProperty("bootstrap.servers")).withKafka(kafka);
        String ooo = System.getProperty(MAX_OUT_OF_ORDERNESS);
        Duration outOfOrderness = d.maxOutOfOrderness();
        if (ooo != null) {
            try {
                outOfOrderness = Durations.parse(ooo);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "-D" + MAX_OUT_OF_ORDERNESS + ": " + e.getMessage());
            }
        }
        return new JobOptions(
                        d.kafka(),
                        group,
                        d.windowSize(),
                        d.allowedLateness(),
                        outOfOrderness,
                        d.idleTimeout(),
                        d.maxFutureSkew(),
                        d.deliveryGuarantee(),
                        group,
                        d.startFromEarliest(),
                        qoeOptions(d.qoe()),
                        d.anomaly())
                .withScopeSummaries(scopeSummaries);
    }

    /**
     * Bench-only knob: {@code -Dqoeflow.bench.qoe=name=value[,name=value...]} runs the job with
     * these {@link QoeOptions} overrides (the job's {@code --qoe}), to measure an option's cost.
     */
    static final String QOE = "qoeflow.bench.qoe";

    private static QoeOptions qoeOptions(QoeOptions d) {
        String raw = System.getProperty(QOE);
        if (raw == null || raw.isBlank()) {
            return d;
        }
        Map<String, String> m = new HashMap<>();
        for (String kv : raw.split(",")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "-D" + QOE + ": expected name=value, got '" + kv + "'");
            }
            m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        try {
            return d.withOverrides(m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + QOE + ": " + e.getMessage(), e);
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            int partitions =
                    admin.describeTopics(List.of(Topics.TELEMETRY.name()))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(Topics.TELEMETRY.name())
                            .partitions()
                            .size();
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                ask.put(new TopicPartition(Topics.TELEMETRY.name(), p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(ask)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    /** Starts the job's group at {@code offsets}: the job reads exactly the preloaded range. */
    private void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> o = new HashMap<>();
        offsets.forEach((tp, off) -> o.put(tp, new OffsetAndMetadata(off)));
        try (Admin admin = Admin.create(kafka)) {
            admin.alterConsumerGroupOffsets(group, o).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Removes the run's checkpoint and savepoint files. */
    public static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir: left for the OS
        }
    }
}
