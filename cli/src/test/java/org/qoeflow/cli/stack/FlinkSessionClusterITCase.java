package org.qoeflow.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.kafka.TestingTopics;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * The shaded job jar on a real Flink session cluster started from the Maven jars (separate
 * JobManager and TaskManager processes), submitted through REST and through the Flink CLI, against
 * a real broker: scores, stop-with-savepoint, resume with the per-node window state, cancel.
 */
class FlinkSessionClusterITCase {
    @TempDir static Path run;

    static EmbeddedKafka kafka;
    static FlinkSessionCluster cluster;
    static final List<LocalProcess> processes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        for (TopicDescriptor<?> t : Topics.all()) {
            kafka.createTopic(t.name(), t.partitions(2), t.topicConfigs());
        }
        cluster = new FlinkSessionCluster(StackHome.locate(), run, StackPorts.free(), 2);
        cluster.writeConfiguration();
        processes.add(cluster.startJobManager());
        processes.add(cluster.startTaskManager(0));
        cluster.awaitReady(1, Duration.ofSeconds(120), processes.toArray(LocalProcess[]::new));
    }

    @AfterAll
    static void stop() {
        for (LocalProcess p : processes) {
            p.stop(run, Duration.ofSeconds(15));
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Window-aligned, an hour back: far from any window the wall clock could touch. */
    static final long T0 = (System.currentTimeMillis() / 5000) * 5000 - 3_600_000;

    @Test
    void restSubmitScoresSavepointCarriesWindowStateIntoACliResumedJobThenCancels()
            throws Exception {
        String group = "it-" + UUID.randomUUID();
        List<String> args =
                List.of(
                        "--bootstrap", kafka.bootstrapServers(),
                        "--group-id", group,
                        "--allowed-lateness", "1s",
                        "--max-out-of-orderness", "500ms",
                        "--idle-timeout", "1s");
        FlinkRest rest = cluster.rest();
        PrintStream out = System.out;
        JobSubmitter submitter = new JobSubmitter(rest, cluster.savepointDir(), out);
        Path jar = StackHome.locate().jobJar();

        // 1. Through REST: 20 requests of cloud-1 in window T0, then later events close it.
        List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double e2e = 100 + 10 * i;
            first.add(request("cloud-1", Tier.CLOUD, T0 + 100 * i, e2e, i % 5 != 0));
        }
        // edge-7's window T0+20s stays open across the upgrade: 6 requests now ...
        for (int i = 0; i < 6; i++) {
            first.add(request("edge-7", Tier.EDGE, T0 + 20_000 + 100 * i, 200, true));
        }
        for (int i = 0; i < 5; i++) {
            first.add(request("cloud-1", Tier.CLOUD, T0 + 9000 + 100 * i, 100, true));
        }
        String jobId = submitter.submit(jar, args, null, false).jobId();
        int windowParallelism = 0;
        for (var v : rest.job(jobId).path("vertices")) {
            if (v.path("name").asText().contains("qoe-window")) {
                windowParallelism = v.path("parallelism").asInt();
            }
        }
        assertThat(windowParallelism).as("the cluster's default parallelism").isEqualTo(2);
        produce(first);

        QoeScore score =
                firstScore(
                        s ->
                                s.getNodeId().equals("cloud-1")
                                        && s.getWindowStart().toEpochMilli() == T0);
        assertThat(score.getRequestCount()).isEqualTo(20);
        assertThat(score.getSuccessRate()).isEqualTo(0.8);
        assertThat(score.getLatencyP95Ms()).isEqualTo(280.0);
        assertThat(score.getLoadWeight())
                .isEqualTo(new QoeMath(QoeOptions.DEFAULTS).loadWeight(280, 0.8));

        // 2. Stop with a savepoint: window, source and anomaly state are all in it.
        rest.awaitAllTasksRunning(jobId, Duration.ofMinutes(1));
        Thread.sleep(2000); // let the edge-7 records reach the window operator
        String savepoint =
                rest.stopWithSavepoint(jobId, cluster.savepointDir(), Duration.ofMinutes(2));
        assertThat(rest.state(jobId)).isEqualTo("FINISHED");
        Map<String, Long> state =
                SavepointContents.stateBytes(savepoint, JobSubmitter.STATEFUL_UIDS);
        assertThat(state).allSatisfy((uid, bytes) -> assertThat(bytes).as(uid).isPositive());

        // 3. Resume through the Flink CLI, reading only records written from now on: edge-7's
        // window can count 10 only if its first 6 requests came back from the savepoint.
        List<String> cliArgs =
                new ArrayList<>(
                        List.of(
                                "run",
                                "--detached",
                                "--fromSavepoint",
                                savepoint,
                                "--class",
                                JobSubmitter.ENTRY_CLASS,
                                jar.toString()));
        cliArgs.addAll(args);
        cliArgs.add("--from-latest");
        String output = cluster.cli(Duration.ofMinutes(3), cliArgs.toArray(String[]::new));
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(output);
        assertThat(m.find()).as("CLI output: " + output).isTrue();
        String resumed = m.group(1);
        rest.awaitAllTasksRunning(resumed, Duration.ofMinutes(2));

        List<ProducerRecord<byte[], byte[]>> second = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            second.add(request("edge-7", Tier.EDGE, T0 + 21_000 + 100 * i, 200, true));
        }
        // The node's own later event closes the window: on its partition, after its requests
        // (an event of another node on the other partition could overtake them and make them
        // late once this partition is idle).
        second.add(request("edge-7", Tier.EDGE, T0 + 40_000, 200, true));
        produce(second);
        QoeScore edge =
                firstScore(
                        s ->
                                s.getNodeId().equals("edge-7")
                                        && s.getWindowStart().toEpochMilli() == T0 + 20_000);
        assertThat(edge.getRequestCount()).isEqualTo(10);

        // 4. `submit --upgrade`: savepoint, new job from it; edge-8's open window carries over.
        List<ProducerRecord<byte[], byte[]>> third = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            third.add(request("edge-8", Tier.EDGE, T0 + 45_000 + 100 * i, 200, true));
        }
        produce(third);
        Thread.sleep(2000);
        List<String> upgradeArgs = new ArrayList<>(args);
        upgradeArgs.add("--from-latest");
        JobSubmitter.Submitted upgraded = submitter.submit(jar, upgradeArgs, null, true);
        assertThat(upgraded.savepoint()).isNotNull();
        assertThat(rest.state(resumed)).isEqualTo("FINISHED");
        List<ProducerRecord<byte[], byte[]>> fourth = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            fourth.add(request("edge-8", Tier.EDGE, T0 + 46_000 + 100 * i, 200, true));
        }
        fourth.add(request("edge-8", Tier.EDGE, T0 + 60_000, 200, true));
        produce(fourth);
        QoeScore edge8 =
                firstScore(
                        s ->
                                s.getNodeId().equals("edge-8")
                                        && s.getWindowStart().toEpochMilli() == T0 + 45_000);
        assertThat(edge8.getRequestCount()).isEqualTo(5);

        // 5. Cancel cleanly.
        rest.cancel(upgraded.jobId());
        rest.awaitState(upgraded.jobId(), "CANCELED", Duration.ofMinutes(1));
        assertThat(submitter.running()).isEmpty();
    }

    static ProducerRecord<byte[], byte[]> request(
            String node, Tier tier, long time, double e2e, boolean ok) {
        Telemetry t =
                Telemetry.newBuilder()
                        .setNodeId(node)
                        .setTier(tier)
                        .setRegion("eu-west")
                        .setDeviceClass(tier == Tier.EDGE ? "phone-high" : "gpu-a100")
                        .setModelVariant(tier == Tier.EDGE ? "tiny-int4" : "large-fp16")
                        .setModelVersion("1")
                        .setEventTime(Instant.ofEpochMilli(time))
                        .setAppliedControlVersion(2)
                        .setPayload(new RequestFact(e2e / 3, e2e, ok, false, null))
                        .build();
        // Both partitions carry each node's own events in order, as keyed producers do.
        int partition = Math.floorMod(node.hashCode(), 2);
        return new ProducerRecord<>(
                Topics.TELEMETRY.name(),
                partition,
                time,
                TopicDescriptor.key(node),
                Topics.TELEMETRY.codec().encode(t));
    }

    static void produce(List<ProducerRecord<byte[], byte[]>> records) {
        TestingTopics.produce(kafka.bootstrapServers(), records);
    }

    static QoeScore firstScore(Predicate<QoeScore> match) throws Exception {
        return TestingTopics.firstMatching(
                kafka.bootstrapServers(),
                Topics.QOE_SCORES.name(),
                Topics.QOE_SCORES.codec()::decode,
                match,
                Duration.ofSeconds(90));
    }
}
