package org.qoeflow.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.Topics;

/**
 * Watches the score, anomaly and dead-letter topics and keeps what the status block shows. It does
 * not read the control topic: the control state shown is the fleet's ({@link FleetControl}).
 */
final class DemoMonitor implements AutoCloseable, Runnable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread = new Thread(this, "qoeflow-demo-monitor");
    private volatile boolean running = true;

    private final Map<String, QoeScore> latestByNode = new HashMap<>();
    private final java.util.TreeMap<String, Long> lastAlert = new java.util.TreeMap<>();
    private long anomalyScores;
    private long anomalyAlerts;
    private long scores;
    private long deadLetters;
    private long undecodable;

    DemoMonitor(Properties kafka, boolean fromBeginning) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.setProperty("group.id", "qoeflow-demo-monitor-" + UUID.randomUUID());
        p.setProperty("auto.offset.reset", fromBeginning ? "earliest" : "latest");
        p.setProperty("isolation.level", "read_committed");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(
                List.of(Topics.QOE_SCORES.name(), Topics.DLQ.name(), Topics.ANOMALY_SCORES.name()));
    }

    void start() {
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                try {
                    accept(r);
                } catch (DecodeException e) {
                    synchronized (this) {
                        undecodable++;
                    }
                }
            }
        }
        consumer.close();
    }

    private synchronized void accept(ConsumerRecord<byte[], byte[]> r) throws DecodeException {
        if (r.topic().equals(Topics.QOE_SCORES.name())) {
            QoeScore s = Topics.QOE_SCORES.codec().decode(r.value());
            scores++;
            latestByNode.merge(
                    s.getNodeId(),
                    s,
                    (a, b) -> b.getWindowEnd().isBefore(a.getWindowEnd()) ? a : b);
        } else if (r.topic().equals(Topics.ANOMALY_SCORES.name())) {
            AnomalyScore a = Topics.ANOMALY_SCORES.codec().decode(r.value());
            anomalyScores++;
            if (a.getAlert()) {
                anomalyAlerts++;
                lastAlert.put(a.getNodeId(), a.getWindowEnd().toEpochMilli());
            }
        } else {
            deadLetters++;
        }
    }

    /** A consistent snapshot of what has been seen so far. */
    synchronized Snapshot snapshot() {
        long newestWindow =
                latestByNode.values().stream()
                        .mapToLong(s -> s.getWindowEnd().toEpochMilli())
                        .max()
                        .orElse(0);
        // Only nodes scored in the last 3 windows count, so departed nodes do not linger.
        List<QoeScore> recent =
                latestByNode.values().stream()
                        .filter(s -> s.getWindowEnd().toEpochMilli() >= newestWindow - 15_000)
                        .toList();
        java.util.TreeSet<String> alerting = new java.util.TreeSet<>();
        lastAlert.forEach(
                (node, at) -> {
                    if (at >= newestWindow - 60_000) {
                        alerting.add(node);
                    }
                });
        return new Snapshot(
                scores,
                deadLetters,
                undecodable,
                recent.size(),
                weightedP95(recent, Tier.EDGE),
                weightedP95(recent, Tier.CLOUD),
                meanLoad(recent, Tier.EDGE),
                meanLoad(recent, Tier.CLOUD),
                offloadShare(recent),
                anomalyScores,
                anomalyAlerts,
                alerting);
    }

    private static double weightedP95(List<QoeScore> scores, Tier tier) {
        double sum = 0;
        double n = 0;
        for (QoeScore s : scores) {
            if (s.getTier() == tier && s.getLatencyP95Ms() != null) {
                sum += s.getLatencyP95Ms() * s.getRequestCount();
                n += s.getRequestCount();
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double meanLoad(List<QoeScore> scores, Tier tier) {
        return scores.stream()
                .filter(s -> s.getTier() == tier)
                .mapToDouble(QoeScore::getLoadWeight)
                .average()
                .orElse(Double.NaN);
    }

    private static double offloadShare(List<QoeScore> scores) {
        double off = 0;
        double n = 0;
        for (QoeScore s : scores) {
            if (s.getTier() == Tier.EDGE) {
                off += s.getOffloadShare() * s.getRequestCount();
                n += s.getRequestCount();
            }
        }
        return n == 0 ? Double.NaN : off / n;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }

    /** What the monitor has seen. */
    record Snapshot(
            long scoresOut,
            long deadLetters,
            long undecodable,
            int nodesScored,
            double p95EdgeMs,
            double p95CloudMs,
            double loadWeightEdge,
            double loadWeightCloud,
            double offloadShare,
            long anomalyScores,
            long anomalyAlerts,
            java.util.Set<String> nodesAlertedLastMinute) {}
}
