package org.qoeflow.controller.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.QoeScore;
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
    private final ControllerMetrics metrics;

    public KafkaScoreSource(Properties kafka, String groupId, ControllerMetrics metrics) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.setProperty("group.id", groupId);
        p.putIfAbsent("auto.offset.reset", "latest");
        p.putIfAbsent("isolation.level", "read_committed");
        this.consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(
                List.of(
                        Topics.QOE_SCORES.name(),
                        Topics.ANOMALY_SCORES.name(),
                        Topics.COHORT_VERDICTS.name()));
        this.metrics = metrics;
    }

    @Override
    public Batch poll(Duration timeout) {
        List<QoeScore> scores = new ArrayList<>();
        List<AnomalyScore> anomalies = new ArrayList<>();
        List<CohortVerdict> cohorts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            try {
                if (r.topic().equals(Topics.COHORT_VERDICTS.name())) {
                    cohorts.add(Topics.COHORT_VERDICTS.codec().decode(r.value()));
                } else if (r.topic().equals(Topics.ANOMALY_SCORES.name())) {
                    anomalies.add(Topics.ANOMALY_SCORES.codec().decode(r.value()));
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
        return new Batch(scores, anomalies, cohorts);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
