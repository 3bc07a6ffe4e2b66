package org.qoeflow.jobs.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.qoeflow.jobs.JobOptions;
import org.qoeflow.jobs.JobTestCluster;
import org.qoeflow.jobs.QoeScoringJob;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.ScopeSummary;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.Topics;

/**
 * The scoring job with {@code --scope-summaries} on a MiniCluster (parallelism 2) and a real
 * broker: one summary per offload scope and window of its edge devices, and the cloud nodes' scores
 * alone on the cloud topic.
 */
class ScopeSummariesITCase {
    @RegisterExtension static final JobTestCluster CLUSTER = JobTestCluster.perClass();

    static final long T0 = 1_700_000_000_000L; // aligned to 5 s windows

    private static ProducerRecord<byte[], byte[]> request(
            String node, Tier tier, String variant, long time, double e2e, boolean offloaded) {
        Telemetry t =
                Telemetry.newBuilder()
                        .setNodeId(node)
                        .setTier(tier)
                        .setRegion("eu-west")
                        .setDeviceClass(tier == Tier.EDGE ? "phone-high" : "gpu-a100")
                        .setModelVariant(variant)
                        .setModelVersion("1")
                        .setEventTime(Instant.ofEpochMilli(time))
                        .setAppliedControlVersion(3)
                        .setPayload(new RequestFact(e2e / 3, e2e, true, offloaded, null))
                        .build();
        return JobTestCluster.telemetry(t);
    }

    @Test
    void writesOneSummaryPerScopeAndWindowAndTheCloudScoresAlone() throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long t = T0 + 400 * i;
            records.add(request("edge-a", Tier.EDGE, "tiny-int4", t, 120, i % 2 == 0));
            records.add(request("edge-b", Tier.EDGE, "tiny-int4", t + 1, 180, false));
            records.add(request("edge-c", Tier.EDGE, "tiny-fp16", t + 2, 90, false));
            records.add(request("cloud-1", Tier.CLOUD, "large-fp16", t + 3, 200, false));
        }
        // Later events move the watermark past the first window.
        for (int i = 0; i < 5; i++) {
            records.add(
                    request("cloud-1", Tier.CLOUD, "large-fp16", T0 + 9000 + 100 * i, 200, false));
        }
        CLUSTER.produce(records);

        JobOptions options =
                JobOptions.defaults(CLUSTER.bootstrapServers())
                        .withKafka(CLUSTER.kafkaProperties())
                        .withWindow(Duration.ofSeconds(5), Duration.ofSeconds(1))
                        .withScopeSummaries(true);
        JobClient job =
                QoeScoringJob.wire(JobTestCluster.environment(), options)
                        .executeAsync("scope-summaries-it-" + UUID.randomUUID());
        try {
            ScopeSummary int4 =
                    CLUSTER.firstMatching(
                            Topics.SCOPE_SUMMARIES,
                            s ->
                                    s.getScope().equals("offload/eu-west/phone-high/tiny-int4")
                                            && s.getWindowEnd().toEpochMilli() == T0 + 5000,
                            Duration.ofSeconds(90));
            assertThat(int4.getParts()).hasSize(1);
            assertThat(int4.getParts().get(0).getDevices()).isEqualTo(2);
            assertThat(int4.getParts().get(0).getRequests()).isEqualTo(20);
            assertThat(int4.getParts().get(0).getOffloadedRequests()).isEqualTo(5);
            assertThat(int4.getParts().get(0).getAppliedControlVersionMin()).isEqualTo(3);

            ScopeSummary fp16 =
                    CLUSTER.firstMatching(
                            Topics.SCOPE_SUMMARIES,
                            s -> s.getScope().equals("offload/eu-west/phone-high/tiny-fp16"),
                            Duration.ofSeconds(30));
            assertThat(fp16.getParts().get(0).getDevices()).isEqualTo(1);

            QoeScore cloud =
                    CLUSTER.firstMatching(Topics.CLOUD_SCORES, s -> true, Duration.ofSeconds(30));
            assertThat(cloud.getTier()).isEqualTo(Tier.CLOUD);
            assertThat(cloud.getNodeId()).isEqualTo("cloud-1");
        } finally {
            job.cancel().get();
        }
    }
}
