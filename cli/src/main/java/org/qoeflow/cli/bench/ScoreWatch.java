package org.qoeflow.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.Topics;

/**
 * Reads the QoE score topic beside the controller and notes when each cloud node's first score of a
 * window became readable, and per window how long after its end the first score of any node did
 * (the job's window-close lag: watermark, firing, sink, broker). The records' Kafka timestamps are
 * the windows' event times, so the arrival is timed here on the wall clock. Also counts first
 * scores, revisions (windows re-fired by late events), partial scores (a window's early score
 * before it ended; its full score counts as the first) and dead letters (events lost to the score).
 */
final class ScoreWatch implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    /** Cloud node to window end to wall time its first score was read. */
    private final Map<String, TreeMap<Long, Long>> cloud = new HashMap<>();

    /** Window end to wall time the first score of any node for it was read. */
    private final TreeMap<Long, Long> firstOfWindow = new TreeMap<>();

    private final java.util.concurrent.atomic.AtomicLong firstScores =
            new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong revisions =
            new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong deadLetters =
            new java.util.concurrent.atomic.AtomicLong();

    /** Node to the window ends it had a partial score for. */
    private final Map<String, java.util.TreeSet<Long>> partials = new HashMap<>();

    /** Cloud node to every score of it read, in order (the few cloud nodes of the loop). */
    private final Map<String, List<Seen>> cloudLog = new HashMap<>();

    /** A cloud node's score as read: when, its window, revision and what the law sees of it. */
    record Seen(
            long readAt,
            long windowEnd,
            int revision,
            boolean partial,
            long requests,
            double successRate,
            Double latencyP50Ms,
            Double latencyP95Ms,
            Double queueDepth,
            double loadWeight) {
        Map<String, Object> json(long origin) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("read_ms", readAt - origin);
            m.put("window_end_ms", windowEnd - origin);
            m.put("revision", revision);
            m.put("partial", partial);
            m.put("requests", requests);
            m.put("success_rate", successRate);
            m.put("latency_p50_ms", latencyP50Ms);
            m.put("latency_p95_ms", latencyP95Ms);
            m.put("queue_depth", queueDepth);
            m.put("load_weight", loadWeight);
            return m;
        }
    }

    ScoreWatch(Properties kafka) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.remove("group.id");
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("isolation.level", "read_committed");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String topic : List.of(Topics.QOE_SCORES.name(), Topics.DLQ.name())) {
            for (PartitionInfo i : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(i.topic(), i.partition()));
            }
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve the end now, not at the first poll
        thread = new Thread(this::loop, "bench-score-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                long now = System.currentTimeMillis();
                if (r.topic().equals(Topics.DLQ.name())) {
                    deadLetters.incrementAndGet();
                    continue;
                }
                QoeScore s;
                try {
                    s = Topics.QOE_SCORES.codec().decode(r.value());
                } catch (DecodeException e) {
                    continue;
                }
                long end = s.getWindowEnd().toEpochMilli();
                synchronized (this) {
                    count(s, end);
                    firstOfWindow.putIfAbsent(end, now);
                    if (s.getTier() == Tier.CLOUD) {
                        cloud.computeIfAbsent(s.getNodeId(), k -> new TreeMap<>())
                                .putIfAbsent(end, now);
                        cloudLog.computeIfAbsent(s.getNodeId(), k -> new ArrayList<>())
                                .add(
                                        new Seen(
                                                now,
                                                end,
                                                s.getRevision(),
                                                s.getPartial(),
                                                s.getRequestCount(),
                                                s.getSuccessRate(),
                                                s.getLatencyP50Ms(),
                                                s.getLatencyP95Ms(),
                                                s.getQueueDepth(),
                                                s.getLoadWeight()));
                    }
                }
            }
        }
        consumer.close(Duration.ofSeconds(1));
    }

    private void count(QoeScore s, long end) {
        java.util.TreeSet<Long> ends = partials.get(s.getNodeId());
        if (s.getPartial()) {
            partials.computeIfAbsent(s.getNodeId(), k -> new java.util.TreeSet<>()).add(end);
        } else if (s.getRevision() == 0
                || (s.getRevision() == 1 && ends != null && ends.contains(end))) {
            firstScores.incrementAndGet();
        } else {
            revisions.incrementAndGet();
        }
    }

    /** Node to the window ends it had a partial score for. */
    synchronized Map<String, List<Long>> partialScores() {
        Map<String, List<Long>> out = new java.util.TreeMap<>();
        partials.forEach((node, ends) -> out.put(node, List.copyOf(ends)));
        return out;
    }

    /** The cloud nodes seen so far. */
    synchronized List<String> cloudNodes() {
        return List.copyOf(new java.util.TreeSet<>(cloudLog.keySet()));
    }

    /** The scores of cloud node {@code node} read from {@code from} to {@code to}, in order. */
    synchronized List<Seen> seen(String node, long from, long to) {
        return cloudLog.getOrDefault(node, List.of()).stream()
                .filter(x -> x.readAt() >= from && x.readAt() <= to)
                .toList();
    }

    /**
     * The newest window of {@code node} whose score was read by {@code at}, as {window end, read
     * at}, or null.
     */
    synchronized long[] newestBy(String node, long at) {
        TreeMap<Long, Long> windows = cloud.get(node);
        if (windows == null) {
            return null;
        }
        long[] best = null;
        for (Map.Entry<Long, Long> e : windows.entrySet()) {
            if (e.getValue() <= at && (best == null || e.getKey() > best[0])) {
                best = new long[] {e.getKey(), e.getValue()};
            }
        }
        return best;
    }

    /**
     * Per window ending at or after {@code fromEnd}, ms from its end to its first score being read
     * (the window-close lag).
     */
    synchronized List<Double> windowCloseLagsMs(long fromEnd) {
        List<Double> out = new ArrayList<>();
        firstOfWindow.tailMap(fromEnd).forEach((end, at) -> out.add((double) (at - end)));
        return out;
    }

    /** Scores read so far: {first emissions, revisions (re-fired by late events), dead letters}. */
    long[] counts() {
        return new long[] {firstScores.get(), revisions.get(), deadLetters.get()};
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
