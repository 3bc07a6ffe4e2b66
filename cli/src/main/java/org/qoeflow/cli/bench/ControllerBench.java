package org.qoeflow.cli.bench;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.qoeflow.controller.law.ControlLaw;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.ScoreLimits;
import org.qoeflow.controller.law.VersionLedger;
import org.qoeflow.controller.service.ControllerExecutor;
import org.qoeflow.controller.service.ControllerMetrics;
import org.qoeflow.controller.service.KafkaControlSink;
import org.qoeflow.controller.service.KafkaScoreSource;
import org.qoeflow.controller.service.Leadership;
import org.qoeflow.schema.Topics;

/**
 * The controller at scale: preloads {@code windows} windows of scores, then runs the controller
 * service (its Kafka source, fleet view, law and Kafka sink, on its own loop thread) over them one
 * window at a time. The controller's clock is the bench's: it stands still while a window is taken
 * in and moves one window on for the decision, so every decision sees exactly one whole window.
 */
public final class ControllerBench {
    private static final Duration WINDOW_TIMEOUT = Duration.ofMinutes(10);

    private final Properties kafka;
    private final PrintWriter out;

    public ControllerBench(Properties kafka, PrintWriter out) {
        this.kafka = kafka;
        this.out = out;
    }

    public ControllerBenchResult run(int nodes, int windows) throws Exception {
        return run(nodes, windows, false);
    }

    /**
     * As above; with {@code scopeSummaries} the controller reads what the job writes with {@code
     * --scope-summaries} (scope summaries and the cloud nodes' scores) and decides on that.
     */
    public ControllerBenchResult run(int nodes, int windows, boolean scopeSummaries)
            throws Exception {
        Map<TopicPartition, Long> from = endOffsets();
        out.printf(
                Locale.ROOT,
                "[1/2] preloading %d windows of QoE and anomaly scores of %,d nodes ...%n",
                windows,
                nodes);
        ScorePreload.Result pre = ScorePreload.run(kafka, nodes, windows, out, scopeSummaries);
        out.printf(
                Locale.ROOT,
                "  %,d records (%.0f B mean) of %,d node ids in %.1f s%n",
                pre.records(),
                (double) pre.bytes() / pre.records(),
                pre.nodes(),
                pre.seconds());
        String group = "qoeflow-bench-controller-" + UUID.randomUUID();
        commit(group, from);

        out.println("[2/2] the controller over the preloaded windows, one at a time ...");
        long heapBefore = usedHeapAfterGc();
        SteppedClock clock = new SteppedClock(pre.windowEnds()[0] - ScorePreload.WINDOW_MS);
        ControllerMetrics metrics = new ControllerMetrics(new PrometheusRegistry());
        WindowGate gate =
                new WindowGate(new KafkaScoreSource(consumer(), group, metrics, scopeSummaries));
        List<Double> ingestMs = new ArrayList<>();
        List<Double> decisionMs = new ArrayList<>();
        long heapAfter;
        long rejected;
        try (ControllerExecutor controller =
                new ControllerExecutor(
                        new ControlLaw(LawOptions.DEFAULTS),
                        gate,
                        Leadership.always(new KafkaControlSink(kafka), Map.of()),
                        new VersionLedger(),
                        metrics,
                        clock,
                        limits(pre.nodes()))) {
            if (scopeSummaries) {
                controller.withScopeSummaries();
            }
            controller.start();
            awaitDecisions(metrics, 1); // the first round runs at once, on an empty view
            long scoresDue = 0;
            long anomaliesDue = 0;
            long summariesDue = 0;
            for (int w = 0; w < windows; w++) {
                long t0 = System.nanoTime();
                // Counted before the window's scores go in: an urgent round (a cloud node's
                // partial score or alert) may run as soon as they are in, and when the window is
                // complete by then it is the window's decision; counted after, it was missed and
                // the wait below waited for a round that never came (a CI run hung here).
                long rounds = metrics.decisions();
                double spent = metrics.decisionSecondsTotal();
                scoresDue += pre.scores()[w];
                anomaliesDue += pre.anomalies()[w];
                summariesDue += pre.summaries()[w];
                gate.open(pre.windowEnds()[w]);
                while (gate.scores() < scoresDue
                        || gate.anomalies() < anomaliesDue
                        || gate.summaries() < summariesDue) {
                    checkTimeout(t0, "window " + (w + 1) + " was not taken in");
                    Thread.sleep(1);
                }
                gate.hold();
                double ingest = (System.nanoTime() - t0) / 1e6;
                clock.set(pre.windowEnds()[w] + 1000);
                awaitDecisions(metrics, rounds + 1);
                double decision = (metrics.decisionSecondsTotal() - spent) * 1000;
                ingestMs.add(ingest);
                decisionMs.add(decision);
                out.printf(
                        Locale.ROOT,
                        "  window %d/%d: %,d scores + %,d anomaly scores + %,d summaries in"
                                + " %.0f ms (%,.0f scores/s), decision %.0f ms%s%n",
                        w + 1,
                        windows,
                        pre.scores()[w],
                        pre.anomalies()[w],
                        pre.summaries()[w],
                        ingest,
                        pre.scores()[w] / ingest * 1000,
                        decision,
                        w == 0 && windows > 1 ? " (warm-up, not counted)" : "");
                out.flush();
            }
            heapAfter = usedHeapAfterGc();
            rejected =
                    controller.scoresRejected().values().stream().mapToLong(Long::longValue).sum();
        }
        if (rejected > 0) {
            out.printf(Locale.ROOT, "  WARNING: the controller refused %,d scores%n", rejected);
        }
        return new ControllerBenchResult(
                nodes,
                pre.nodes(),
                windows,
                ScorePreload.WINDOW_MS,
                pre.scores(),
                pre.anomalies(),
                scopeSummaries ? pre.summaries() : null,
                ingestMs,
                decisionMs,
                Math.max(0, heapAfter - heapBefore),
                (long) metrics.nodesTracked(),
                metrics.updatesPublished(),
                rejected);
    }

    /** The default limits with room for every node of the bench's fleet. */
    private static ScoreLimits limits(int nodeIds) {
        ScoreLimits d = ScoreLimits.DEFAULTS;
        int room = Math.min(10_000_000, Math.max(nodeIds, d.maxEdgeNodes()));
        return d.withScopeBounds(
                d.maxRegions(),
                d.maxDeviceClasses(),
                d.maxModelVariants(),
                Math.max(d.maxCloudNodesPerRegion(), Math.min(room, nodeIds / 50 + 1)),
                room);
    }

    private static void awaitDecisions(ControllerMetrics metrics, long rounds) throws Exception {
        long t0 = System.nanoTime();
        while (metrics.decisions() < rounds) {
            checkTimeout(t0, "the controller did not decide");
            Thread.sleep(1);
        }
    }

    private static void checkTimeout(long startNanos, String what) {
        if (System.nanoTime() - startNanos > WINDOW_TIMEOUT.toNanos()) {
            throw new IllegalStateException(what + " within " + WINDOW_TIMEOUT);
        }
    }

    private Properties consumer() {
        Properties p = new Properties();
        p.putAll(kafka);
        p.setProperty("auto.offset.reset", "earliest");
        return p;
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            List<String> topics =
                    List.of(
                            Topics.QOE_SCORES.name(),
                            Topics.ANOMALY_SCORES.name(),
                            Topics.SCOPE_SUMMARIES.name(),
                            Topics.CLOUD_SCORES.name(),
                            Topics.CLOUD_ANOMALY_SCORES.name());
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .forEach(
                            (name, d) ->
                                    d.partitions()
                                            .forEach(
                                                    p ->
                                                            ask.put(
                                                                    new TopicPartition(
                                                                            name, p.partition()),
                                                                    OffsetSpec.latest())));
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(ask)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    /** Starts {@code group} at the preload's first offsets, past anything already in the topics. */
    private void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            Map<TopicPartition, OffsetAndMetadata> o = new HashMap<>();
            offsets.forEach((tp, off) -> o.put(tp, new OffsetAndMetadata(off)));
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

    /** A clock the bench moves: the controller's "now" is the end of the window it decides on. */
    static final class SteppedClock extends Clock {
        private volatile long millis;

        SteppedClock(long millis) {
            this.millis = millis;
        }

        void set(long millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the bench clock is UTC");
        }
    }
}
