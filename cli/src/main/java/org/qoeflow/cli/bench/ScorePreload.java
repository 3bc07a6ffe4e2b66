package org.qoeflow.cli.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.ScopeSummarizer;
import org.qoeflow.controller.law.ScopeSummary;
import org.qoeflow.controller.law.ScopeSummaryRecords;
import org.qoeflow.fleet.sim.FleetModel;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.qoe.WindowedScorer;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * Fills the two topics the controller reads with {@code windows} 5 s windows of {@code nodes}
 * devices' QoE and anomaly scores, window after window. The fleet model simulates at most {@link
 * TelemetryPreload#MODEL_DEVICES} devices (and their cloud nodes), the QoE job's windowing ({@link
 * WindowedScorer}) scores them, and each encoded score is written once per replica under the
 * replica's own node id ({@code <id>-r<k>}, patched as {@link TelemetryPreload#renamed} does).
 * Anomaly scores carry no alert: a healthy fleet's steady state.
 */
final class ScorePreload {
    static final long WINDOW_MS = 5_000;

    /** Simulated time before the first preloaded window, so queues and clocks have settled. */
    private static final long WARM_UP_MS = 10_000;

    private ScorePreload() {}

    /** What was written: per window its end and how many scores of each kind. */
    record Result(
            long[] windowEnds,
            long[] scores,
            long[] anomalies,
            long[] summaries,
            long bytes,
            int nodes,
            double seconds) {
        long records() {
            long n = 0;
            for (int w = 0; w < windowEnds.length; w++) {
                n += scores[w] + anomalies[w] + summaries[w];
            }
            return n;
        }
    }

    static Result run(Properties kafka, int nodes, int windows, PrintWriter out) throws Exception {
        return run(kafka, nodes, windows, out, false);
    }

    /**
     * As above; with {@code scopeSummaries} what the job writes with {@code --scope-summaries}: the
     * cloud nodes' QoE and anomaly scores on the cloud topics, and per window one summary per
     * offload scope of the edge devices' scores, made by the job's {@link ScopeSummarizer} (its
     * devices leave after the law's stale-after time, as the job's state TTL has them do).
     */
    static Result run(
            Properties kafka, int nodes, int windows, PrintWriter out, boolean scopeSummaries)
            throws Exception {
        ScopeSummarizer summarizer = scopeSummaries ? new ScopeSummarizer() : null;
        long staleAfterMs = LawOptions.DEFAULTS.loop().staleAfter().toMillis();
        int replicas =
                (nodes + TelemetryPreload.MODEL_DEVICES - 1) / TelemetryPreload.MODEL_DEVICES;
        int devices = (nodes + replicas - 1) / replicas;
        long simulatedMs = WARM_UP_MS + windows * WINDOW_MS;
        long epoch = (System.currentTimeMillis() - simulatedMs - 60_000) / WINDOW_MS * WINDOW_MS;
        List<List<QoeScore>> templates = templates(devices, epoch, windows);
        long expected = 0;
        for (List<QoeScore> w : templates) {
            expected += 2L * w.size() * replicas;
        }
        long[] ends = new long[windows];
        long[] scores = new long[windows];
        long[] anomalies = new long[windows];
        long[] summaries = new long[windows];
        Map<String, String[]> names = new HashMap<>();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Progress progress = new Progress(out, "preload", expected);
        long start = System.nanoTime();
        long sent = 0;
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        TelemetryPreload.producerProps(kafka, "qoeflow-bench-score-preload"))) {
            for (int w = 0; w < windows; w++) {
                ends[w] = epoch + WARM_UP_MS + (w + 1) * WINDOW_MS;
                for (QoeScore s : templates.get(w)) {
                    byte[] score = Topics.QOE_SCORES.codec().encode(s);
                    byte[] anomaly = Topics.ANOMALY_SCORES.codec().encode(anomalyOf(s));
                    String[] ids =
                            names.computeIfAbsent(s.getNodeId(), id -> replicaNames(id, replicas));
                    if (summarizer != null && s.getTier() == Tier.EDGE) {
                        String own = s.getNodeId();
                        for (String id : ids) {
                            s.setNodeId(id);
                            summarizer.observe(s);
                        }
                        s.setNodeId(own);
                        sent += 2L * ids.length;
                        progress.update(sent);
                        continue;
                    }
                    String scoreTopic =
                            summarizer != null
                                    ? Topics.CLOUD_SCORES.name()
                                    : Topics.QOE_SCORES.name();
                    String anomalyTopic =
                            summarizer != null
                                    ? Topics.CLOUD_ANOMALY_SCORES.name()
                                    : Topics.ANOMALY_SCORES.name();
                    for (String id : ids) {
                        byte[] key = TopicDescriptor.key(id);
                        byte[] v = TelemetryPreload.renamed(score, id);
                        byte[] a = TelemetryPreload.renamed(anomaly, id);
                        long ts = s.getWindowEnd().toEpochMilli();
                        producer.send(
                                new ProducerRecord<>(scoreTopic, null, ts, key, v),
                                (m, e) -> fail(failed, e));
                        producer.send(
                                new ProducerRecord<>(anomalyTopic, null, ts, key, a),
                                (m, e) -> fail(failed, e));
                        bytes += v.length + a.length;
                        sent += 2;
                        scores[w]++;
                        anomalies[w]++;
                    }
                    progress.update(sent);
                    checkFailed(failed);
                }
                if (summarizer != null) {
                    summarizer.evictOlderThan(ends[w] - staleAfterMs);
                    for (ScopeSummary summary : summarizer.summaries(ends[w])) {
                        byte[] v =
                                Topics.SCOPE_SUMMARIES
                                        .codec()
                                        .encode(ScopeSummaryRecords.toAvro(summary));
                        producer.send(
                                new ProducerRecord<>(
                                        Topics.SCOPE_SUMMARIES.name(),
                                        null,
                                        ends[w],
                                        TopicDescriptor.key(summary.scope().scope()),
                                        v),
                                (m, e) -> fail(failed, e));
                        bytes += v.length;
                        summaries[w]++;
                    }
                }
            }
            producer.flush();
        }
        checkFailed(failed);
        return new Result(
                ends,
                scores,
                anomalies,
                summaries,
                bytes,
                names.size() * replicas,
                (System.nanoTime() - start) / 1e9);
    }

    /** Per window, the scores of the model's devices and cloud nodes, in window order. */
    private static List<List<QoeScore>> templates(int devices, long epoch, int windows) {
        WindowedScorer scorer = new WindowedScorer(WINDOW_MS, new QoeMath(QoeOptions.DEFAULTS));
        FleetModel model = new FleetModel(BenchFleet.of(devices, 42), epoch, scorer::add);
        List<List<QoeScore>> out = new ArrayList<>();
        long first = epoch + WARM_UP_MS;
        for (long t = 0; out.size() < windows; t += FleetModel.STEP_MS) {
            model.step(t, t + FleetModel.STEP_MS, r -> {});
            long now = epoch + t + FleetModel.STEP_MS;
            if ((now - epoch) % WINDOW_MS == 0) {
                List<QoeScore> closed = scorer.advanceTo(now);
                if (now > first) {
                    out.add(closed);
                }
            }
        }
        return out;
    }

    /** The anomaly model's verdict on a healthy node-window: scored, under its threshold. */
    static AnomalyScore anomalyOf(QoeScore s) {
        return AnomalyScore.newBuilder()
                .setNodeId(s.getNodeId())
                .setTier(s.getTier())
                .setRegion(s.getRegion())
                .setDeviceClass(s.getDeviceClass())
                .setWindowStart(s.getWindowStart())
                .setWindowEnd(s.getWindowEnd())
                .setRawScore(0.2)
                .setLikelihood(0.5)
                .setThreshold(1.0)
                .setAlert(false)
                .setTopFeatures(List.of())
                .setModelVersion("bench")
                .build();
    }

    private static String[] replicaNames(String id, int replicas) {
        String[] out = new String[replicas];
        for (int r = 0; r < replicas; r++) {
            out[r] = replicas == 1 ? id : id + "-r" + r;
        }
        return out;
    }

    private static void fail(AtomicReference<Exception> failed, Exception e) {
        if (e != null) {
            failed.compareAndSet(null, e);
        }
    }

    private static void checkFailed(AtomicReference<Exception> failed) {
        if (failed.get() != null) {
            throw new IllegalStateException(
                    "preload: the broker refused a score: " + failed.get().getMessage(),
                    failed.get());
        }
    }
}
