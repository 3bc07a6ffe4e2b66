package org.qoeflow.controller.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.ScopeSummary;
import org.qoeflow.schema.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads QoE scores, anomaly scores and cohort verdicts from Kafka; undecodable records are counted
 * and skipped.
 */
public final class KafkaScoreSource implements ScoreSource {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaScoreSource.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaConsumer<byte[], byte[]> verdicts;
    private final ControllerMetrics metrics;
    private long lastVerdictLookup = System.nanoTime();

    public KafkaScoreSource(Properties kafka, String groupId, ControllerMetrics metrics) {
        this(kafka, groupId, metrics, false);
    }

    /**
     * As above; with {@code scopeSummaries} it reads the edge scopes' summaries and the cloud
     * nodes' scores ({@link Topics#SCOPE_SUMMARIES}, {@link Topics#CLOUD_SCORES}, {@link
     * Topics#CLOUD_ANOMALY_SCORES}) instead of every node's scores.
     */
    public KafkaScoreSource(
            Properties kafka, String groupId, ControllerMetrics metrics, boolean scopeSummaries) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.setProperty("group.id", groupId);
        p.putIfAbsent("auto.offset.reset", "latest");
        p.putIfAbsent("isolation.level", "read_committed");
        // A million nodes send ~400k scores/s: 500 records a poll (the default) is 800 polls/s.
        p.putIfAbsent("max.poll.records", "10000");
        this.consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(
                scopeSummaries
                        ? List.of(
                                Topics.SCOPE_SUMMARIES.name(),
                                Topics.CLOUD_SCORES.name(),
                                Topics.CLOUD_ANOMALY_SCORES.name())
                        : List.of(Topics.QOE_SCORES.name(), Topics.ANOMALY_SCORES.name()));
        // Verdicts outside the group: every instance needs all of them, from now on.
        Properties v = new Properties();
        v.putAll(kafka);
        v.remove("group.id");
        v.setProperty("auto.offset.reset", "latest");
        v.setProperty("enable.auto.commit", "false");
        v.putIfAbsent("isolation.level", "read_committed");
        this.verdicts =
                new KafkaConsumer<>(v, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.metrics = metrics;
    }

    /**
     * Assigns every partition of the verdict topic once it exists; false until then. Looked up at
     * most every 10 s, the first time 10 s after start, so the lookup never delays the first scores
     * (verdicts need k windows anyway).
     */
    private boolean verdictsAssigned() {
        if (!verdicts.assignment().isEmpty()) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lastVerdictLookup < 10_000_000_000L) {
            return false;
        }
        lastVerdictLookup = now;
        List<TopicPartition> parts = new ArrayList<>();
        try {
            for (PartitionInfo p :
                    verdicts.partitionsFor(Topics.COHORT_VERDICTS.name(), Duration.ofMillis(200))) {
                parts.add(new TopicPartition(p.topic(), p.partition()));
            }
        } catch (KafkaException e) {
            LOG.warn("cannot list {} yet: {}", Topics.COHORT_VERDICTS.name(), e.getMessage());
            return false;
        }
        verdicts.assign(parts);
        return !parts.isEmpty();
    }

    @Override
    public Batch poll(Duration timeout) {
        List<QoeScore> scores = new ArrayList<>();
        List<AnomalyScore> anomalies = new ArrayList<>();
        List<CohortVerdict> cohorts = new ArrayList<>();
        List<ScopeSummary> summaries = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        consumer.poll(timeout).forEach(records::add);
        if (verdictsAssigned()) {
            verdicts.poll(Duration.ZERO).forEach(records::add);
        }
        int quiet = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                if (r.topic().equals(Topics.COHORT_VERDICTS.name())) {
                    cohorts.add(Topics.COHORT_VERDICTS.codec().decode(r.value()));
                } else if (r.topic().equals(Topics.SCOPE_SUMMARIES.name())) {
                    summaries.add(Topics.SCOPE_SUMMARIES.codec().decode(r.value()));
                } else if (r.topic().equals(Topics.ANOMALY_SCORES.name())
                        || r.topic().equals(Topics.CLOUD_ANOMALY_SCORES.name())) {
                    if (QuietAnomalies.quiet(r.value())) {
                        quiet++;
                    } else {
                        anomalies.add(Topics.ANOMALY_SCORES.codec().decode(r.value()));
                    }
                } else {
                    scores.add(Topics.QOE_SCORES.codec().decode(r.value()));
                }
            } catch (DecodeException e) {
                metrics.badScore();
                LOG.warn(
                        "skipping undecodable QoE score at {}-{}@{}: {}",
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        e.getMessage());
            }
        }
        return new Batch(scores, anomalies, cohorts, quiet, summaries);
    }

    @Override
    public void close() {
        consumer.close();
        verdicts.close();
    }
}
