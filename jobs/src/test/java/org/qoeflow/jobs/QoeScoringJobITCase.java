package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.Topics;

/** The QoE job on a MiniCluster (parallelism 2) against a real in-process Kafka broker. */
class QoeScoringJobITCase {
    @RegisterExtension static final JobTestCluster CLUSTER = JobTestCluster.perClass();

    static final long T0 = 1_700_000_000_000L; // aligned to 5 s windows

    static Telemetry event(String node, Tier tier, long time, Object payload) {
        return Telemetry.newBuilder()
                .setNodeId(node)
                .setTier(tier)
                .setRegion("eu-west")
                .setDeviceClass(tier == Tier.EDGE ? "phone-high" : "gpu-a100")
                .setModelVariant(tier == Tier.EDGE ? "tiny-int4" : "large-fp16")
                .setModelVersion("1")
                .setEventTime(Instant.ofEpochMilli(time))
                .setAppliedControlVersion(2)
                .setPayload(payload)
                .build();
    }

    @Test
    void scoresTelemetryDeadLettersGarbageAndIgnoresTheIdlePartition() throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        // Everything goes to partition 0: partition 1 stays idle and must not stall windows.
        for (int i = 0; i < 20; i++) {
            double e2e = 100 + 10 * i; // 100..290 ms
            boolean ok = i % 5 != 0; // 4 failures of 20
            records.add(
                    JobTestCluster.telemetry(
                            event(
                                    "cloud-1",
                                    Tier.CLOUD,
                                    T0 + 100 * i,
                                    new RequestFact(e2e / 3, e2e, ok, false, null))));
        }
        records.add(
                JobTestCluster.telemetry(
                        event(
                                "cloud-1",
                                Tier.CLOUD,
                                T0 + 2500,
                                new NodeSample(
                                        2400.0, 300000.0, 55.0, 10000.0, 5.0, 0.0, 0, 8,
                                        40000.0))));
        records.add(
                new ProducerRecord<>(
                        Topics.TELEMETRY.name(),
                        0,
                        "junk".getBytes(),
                        "definitely not avro".getBytes()));
        // Invalid values are dead-lettered too.
        records.add(
                JobTestCluster.telemetry(
                        event(
                                "cloud-1",
                                Tier.CLOUD,
                                T0 + 3000,
                                new RequestFact(1.0, -5.0, true, false, null))));
        // Later events move the watermark past the first window.
        for (int i = 0; i < 5; i++) {
            records.add(
                    JobTestCluster.telemetry(
                            event(
                                    "cloud-1",
                                    Tier.CLOUD,
                                    T0 + 9000 + 100 * i,
                                    new RequestFact(50.0, 100.0, true, false, null))));
        }
        CLUSTER.produce(records);

        JobOptions options =
                new JobOptions(
                        CLUSTER.kafkaProperties(),
                        "it-" + UUID.randomUUID(),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        JobOptions.DEFAULT_MAX_FUTURE_SKEW,
                        org.apache.flink.connector.base.DeliveryGuarantee.AT_LEAST_ONCE,
                        "it",
                        true,
                        QoeOptions.DEFAULTS,
                        org.qoeflow.jobs.anomaly.AnomalyJobOptions.DEFAULTS);
        JobClient job =
                QoeScoringJob.wire(JobTestCluster.environment(), options).executeAsync("qoe-it");
        try {
            QoeScore score =
                    CLUSTER.firstMatching(
                            Topics.QOE_SCORES, s -> s.getWindowStart().toEpochMilli() == T0);
            assertThat(score.getNodeId()).isEqualTo("cloud-1");
            assertThat(score.getRequestCount()).isEqualTo(20);
            assertThat(score.getSampleCount()).isEqualTo(1);
            assertThat(score.getSuccessRate()).isCloseTo(0.8, within(1e-12));
            // 20 values 100..290: KLL is exact below its capacity, p95 is the 19th of 20
            assertThat(score.getLatencyP95Ms()).isEqualTo(280.0);
            double expectedLoad = new QoeMath(QoeOptions.DEFAULTS).loadWeight(280, 0.8);
            assertThat(score.getLoadWeight()).isCloseTo(expectedLoad, within(1e-12));
            assertThat(score.getLoadWeight()).isCloseTo(0.336 + 0.08, within(1e-12));
            assertThat(score.getQueueDepth()).isEqualTo(8.0);
            assertThat(score.getAppliedControlVersion()).isEqualTo(2);

            DeadLetter garbage =
                    CLUSTER.firstMatching(
                            Topics.DLQ, d -> d.getErrorClass().equals("DecodeException"));
            assertThat(garbage.getSourceTopic()).isEqualTo(Topics.TELEMETRY.name());
            assertThat(garbage.getSourceOffset()).isEqualTo(21);
            assertThat(garbage.getErrorMessage()).contains("not an Avro single-object encoded");
            assertThat(new String(garbage.getOriginalValue().array()))
                    .isEqualTo("definitely not avro");

            DeadLetter invalid =
                    CLUSTER.firstMatching(
                            Topics.DLQ, d -> d.getErrorClass().equals("InvalidTelemetry"));
            assertThat(invalid.getErrorMessage()).contains("e2e_ms");
        } finally {
            job.cancel().get();
        }
    }
}
