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
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.qoeflow.jobs.JobInput;
import org.qoeflow.jobs.JobOptions;
import org.qoeflow.jobs.QoeScoringJob;
import org.qoeflow.jobs.anomaly.AnomalyJobOptions;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.kafka.TestingTopics;
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
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * The QoE job with {@code --input otlp} on a MiniCluster (parallelism 2) against a real broker:
 * vLLM scrapes as the Collector's prometheus receiver and kafka exporter deliver them become QoE
 * scores; a resent older scrape is dropped, a restarted server counts from zero, garbage is a dead
 * letter.
 */
class OtlpScoringITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        for (TopicDescriptor<?> t : Topics.all()) {
            kafka.createTopic(t.name(), t.partitions(2), t.topicConfigs());
        }
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

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
        produce(records);

        JobOptions options =
                new JobOptions(
                                props(),
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
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        JobClient job = QoeScoringJob.wire(env, options).executeAsync("qoe-otlp-it");
        try {
            QoeScore first = consumeFirst(Topics.QOE_SCORES, s -> isWindow(s, T0));
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

            QoeScore second = consumeFirst(Topics.QOE_SCORES, s -> isWindow(s, T0 + 10_000));
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
                    consumeFirst(Topics.DLQ, d -> d.getErrorClass().equals("DecodeException"));
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

    static Properties props() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    static void produce(List<ProducerRecord<byte[], byte[]>> records) {
        TestingTopics.produce(kafka.bootstrapServers(), records);
    }

    static <T extends SpecificRecord> T consumeFirst(TopicDescriptor<T> topic, Predicate<T> match)
            throws Exception {
        return TestingTopics.firstMatching(
                kafka.bootstrapServers(),
                topic.name(),
                topic.codec()::decode,
                match,
                Duration.ofSeconds(90));
    }
}
