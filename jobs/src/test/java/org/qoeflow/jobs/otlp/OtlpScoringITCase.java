package org.qoeflow.jobs.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.qoeflow.otlp.TestingOtlp.POD;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.qoeflow.jobs.JobInput;
import org.qoeflow.jobs.JobOptions;
import org.qoeflow.jobs.JobTestCluster;
import org.qoeflow.jobs.QoeScoringJob;
import org.qoeflow.jobs.anomaly.AnomalyJobOptions;
import org.qoeflow.otlp.CumulativeDelta;
import org.qoeflow.otlp.MetricPoint;
import org.qoeflow.otlp.OtlpMapping;
import org.qoeflow.otlp.OtlpMetricsMapper;
import org.qoeflow.otlp.PointFolder;
import org.qoeflow.otlp.SeriesState;
import org.qoeflow.otlp.TestingOtlp;
import org.qoeflow.qoe.NodeWindowStats;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.Topics;

/**
 * The QoE job with {@code --input otlp} on a MiniCluster (parallelism 2) against a real broker:
 * vLLM scrapes as the Collector's prometheus receiver and kafka exporter deliver them become QoE
 * scores; a resent older scrape is dropped, a restarted server counts from zero, garbage is a dead
 * letter.
 */
class OtlpScoringITCase {
    @RegisterExtension static final JobTestCluster CLUSTER = JobTestCluster.perClass();

    static final long T0 = 1_700_000_000_000L; // aligned to 10 s windows
    static final long MS = 1_000_000L;

    /** One scrape as the kafka exporter writes it: otlp_proto bytes on partition 0. */
    static ProducerRecord<byte[], byte[]> scrape(int n, String pod, long startMs, long timeMs) {
        byte[] value = TestingOtlp.vllmScrape(n, pod, startMs * MS, timeMs * MS).toByteArray();
        return new ProducerRecord<>(
                Topics.OTLP_METRICS.name(), 0, timeMs, pod.getBytes(StandardCharsets.UTF_8), value);
    }

    /** What the job should score for {@code pod}, from the same classes without Flink. */
    static QoeScore expected(long windowStart, long[][] scrapes) {
        OtlpMetricsMapper mapper = new OtlpMetricsMapper(OtlpMapping.DEFAULTS);
        Map<String, SeriesState> series = new HashMap<>();
        NodeWindowStats w = new NodeWindowStats();
        for (long[] s : scrapes) {
            var request = TestingOtlp.vllmScrape((int) s[0], POD, s[1] * MS, s[2] * MS);
            for (MetricPoint p : mapper.map(request).points()) {
                var step = CumulativeDelta.next(series.get(p.series), p);
                series.put(p.series, step.state());
                if (step.emit() != null && step.emit().timeMillis() >= windowStart) {
                    PointFolder.fold(w, step.emit());
                }
            }
        }
        return w.toScore(windowStart, windowStart + 10_000, 0, new QoeMath(QoeOptions.DEFAULTS));
    }

    @Test
    void scoresVllmScrapesHandlesRestartsAndResendsAndDeadLettersGarbage() throws Exception {
        long start = T0 + 1_000;
        long restart = T0 + 11_000;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(scrape(1, POD, start, start));
        records.add(scrape(2, POD, start, T0 + 6_000));
        records.add(scrape(1, POD, start, start)); // resent by a retrying exporter: out of order
        records.add(
                new ProducerRecord<>(
                        Topics.OTLP_METRICS.name(),
                        0,
                        "junk".getBytes(StandardCharsets.UTF_8),
                        "definitely not protobuf".getBytes(StandardCharsets.UTF_8)));
        records.add(scrape(3, POD, restart - 1, restart)); // the server restarted
        // another pod's scrape moves the watermark past both windows
        records.add(scrape(1, "vllm-llama-8b-7d9f8c6b5-q8w2z", T0 + 25_000, T0 + 25_000));
        CLUSTER.produce(records);

        JobOptions options =
                new JobOptions(
                                CLUSTER.kafkaProperties(),
                                "it-" + UUID.randomUUID(),
                                Duration.ofSeconds(10),
                                Duration.ofSeconds(1),
                                Duration.ofMillis(500),
                                Duration.ofSeconds(1),
                                JobOptions.DEFAULT_MAX_FUTURE_SKEW,
                                DeliveryGuarantee.AT_LEAST_ONCE,
                                "it-otlp",
                                true,
                                QoeOptions.DEFAULTS,
                                new AnomalyJobOptions(false, Duration.ofMinutes(10), 10))
                        .withInput(JobInput.OTLP, OtlpJobOptions.DEFAULTS);
        JobClient job =
                QoeScoringJob.wire(JobTestCluster.environment(), options)
                        .executeAsync("qoe-otlp-it");
        try {
            QoeScore first = CLUSTER.firstMatching(Topics.QOE_SCORES, s -> isWindow(s, T0));
            assertThat(first.getTier()).isEqualTo(Tier.CLOUD);
            assertThat(first.getRegion()).isEqualTo("eu-west");
            assertThat(first.getModelVariant()).isEqualTo("meta-llama-Llama-3.1-8B-Instruct");
            assertThat(first.getRequestCount()).isEqualTo(40);
            assertThat(first.getSuccessRate()).isCloseTo(38 / 40.0, within(1e-12));
            // 3 and 5 waiting: the resent first scrape (3 again) was dropped
            assertThat(first.getQueueDepth()).isEqualTo(4.0);
            assertThat(first.getRunningRequests()).isEqualTo(13.0);
            assertThat(first.getKvCacheUtilization()).isCloseTo(0.5, within(1e-12));
            assertThat(first.getLatencyP95Ms()).isBetween(2000.0, 2500.0);
            QoeScore want = expected(T0, new long[][] {{1, start, start}, {2, start, T0 + 6_000}});
            assertThat(first.getLatencyP95Ms()).isEqualTo(want.getLatencyP95Ms());
            assertThat(first.getTtftP95Ms()).isEqualTo(want.getTtftP95Ms());
            assertThat(first.getLoadWeight()).isCloseTo(want.getLoadWeight(), within(1e-12));
            assertThat(first.getQoeIndex()).isCloseTo(want.getQoeIndex(), within(1e-12));

            QoeScore second =
                    CLUSTER.firstMatching(Topics.QOE_SCORES, s -> isWindow(s, T0 + 10_000));
            assertThat(second.getRequestCount()).isEqualTo(10);
            assertThat(second.getSuccessRate()).isEqualTo(1.0);
            assertThat(second.getQueueDepth()).isEqualTo(0.0);
            assertThat(second.getRunningRequests()).isEqualTo(4.0);
            assertThat(second.getKvCacheUtilization()).isCloseTo(0.08, within(1e-12));
            QoeScore wantSecond =
                    expected(
                            T0 + 10_000,
                            new long[][] {
                                {1, start, start}, {2, start, T0 + 6_000}, {3, restart - 1, restart}
                            });
            assertThat(second.getLatencyP95Ms()).isEqualTo(wantSecond.getLatencyP95Ms());
            assertThat(second.getQoeIndex()).isCloseTo(wantSecond.getQoeIndex(), within(1e-12));

            DeadLetter garbage =
                    CLUSTER.firstMatching(
                            Topics.DLQ, d -> d.getErrorClass().equals("DecodeException"));
            assertThat(garbage.getSourceTopic()).isEqualTo(Topics.OTLP_METRICS.name());
            assertThat(garbage.getSourceOffset()).isEqualTo(3);
            assertThat(garbage.getErrorMessage()).contains("otlp_proto");
            assertThat(new String(garbage.getOriginalValue().array(), StandardCharsets.UTF_8))
                    .isEqualTo("definitely not protobuf");
        } finally {
            job.cancel().get();
        }
    }

    static boolean isWindow(QoeScore s, long start) {
        return s.getNodeId().equals(POD) && s.getWindowStart().toEpochMilli() == start;
    }
}
