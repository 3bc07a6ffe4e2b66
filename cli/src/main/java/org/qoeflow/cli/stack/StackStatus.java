package org.qoeflow.cli.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.Topics;

/** What runs where in the local stack: processes, ports, jobs, consumer lag, control versions. */
public final class StackStatus {
    /** The job's consumer group (JobOptions default). */
    static final String JOB_GROUP = "qoeflow-qoe-scoring";

    private static final Map<String, String> PORT_OF =
            Map.of(
                    LocalStack.KAFKA, StackPorts.KAFKA,
                    FlinkSessionCluster.JOB_MANAGER, StackPorts.FLINK_REST,
                    FlinkSessionCluster.TASK_MANAGER, StackPorts.FLINK_TM_METRICS,
                    LocalStack.CONTROLLER, StackPorts.CONTROLLER_METRICS,
                    LocalStack.FLEET, StackPorts.FLEET_METRICS,
                    LocalStack.PROMETHEUS, StackPorts.PROMETHEUS,
                    LocalStack.ALERTMANAGER, StackPorts.ALERTMANAGER);

    private StackStatus() {}

    /** Prints the status; returns the number of recorded processes that are not running. */
    public static int print(LocalStack stack, PrintStream out) {
        StackPorts ports = stack.ports();
        out.println("local stack in " + stack.runDir() + " (host " + ports.host() + ")");
        int down = 0;
        boolean kafkaUp = false;
        boolean flinkUp = false;
        for (String name : LocalStack.PROCESSES) {
            var p = stack.process(name);
            if (p.isEmpty()) {
                continue;
            }
            boolean alive = p.get().alive();
            down += alive ? 0 : 1;
            kafkaUp |= alive && name.equals(LocalStack.KAFKA);
            flinkUp |= alive && name.equals(FlinkSessionCluster.JOB_MANAGER);
            String port = PORT_OF.get(name);
            out.printf(
                    Locale.ROOT,
                    "  %-18s pid %-8d %-8s %s%n",
                    name,
                    p.get().pid(),
                    alive ? "running" : "DOWN",
                    port == null ? "" : ports.address(port));
        }
        if (flinkUp) {
            printJobs(stack, out);
        }
        if (kafkaUp) {
            printKafka(stack.kafkaProperties(), out);
        }
        return down;
    }

    private static void printJobs(LocalStack stack, PrintStream out) {
        try {
            var rest = stack.flink().rest();
            var overview = rest.overview();
            out.printf(
                    Locale.ROOT,
                    "flink: %d TaskManager(s), %d/%d slots free, web UI %s%n",
                    overview.path("taskmanagers").asInt(),
                    overview.path("slots-available").asInt(),
                    overview.path("slots-total").asInt(),
                    stack.ports().flinkRestUrl());
            var jobs = rest.jobs();
            if (jobs.isEmpty()) {
                out.println("  no jobs (./qoeflow submit)");
            }
            for (var j : jobs) {
                out.printf(Locale.ROOT, "  job %-22s %s %s%n", j.name(), j.id(), j.state());
            }
        } catch (Exception e) {
            out.println("flink: REST unreachable: " + e.getMessage());
        }
    }

    private static void printKafka(Properties kafka, PrintStream out) {
        try (Admin admin = admin(kafka)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(JOB_GROUP)
                            .partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS);
            if (committed.isEmpty()) {
                out.println("consumer lag (" + JOB_GROUP + "): no committed offsets yet");
            } else {
                out.printf(
                        Locale.ROOT,
                        "consumer lag (%s): %s %d records%n",
                        JOB_GROUP,
                        Topics.TELEMETRY.name(),
                        lag(admin, committed));
            }
            Map<String, Long> versions = latestControlVersions(kafka, Duration.ofSeconds(10));
            out.println(
                    "control: "
                            + (versions.isEmpty()
                                    ? "no updates published yet"
                                    : versions.entrySet().stream()
                                            .map(e -> e.getKey() + " v" + e.getValue())
                                            .collect(Collectors.joining("  "))));
        } catch (Exception e) {
            out.println("kafka: " + e.getMessage());
        }
    }

    /** Records the job's group has not committed yet, summed over its partitions (-1: unknown). */
    public static long consumerLag(Properties kafka) {
        try (Admin admin = admin(kafka)) {
            return lag(
                    admin,
                    admin.listConsumerGroupOffsets(JOB_GROUP)
                            .partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            System.err.println("consumer lag unknown: " + e);
            return -1;
        }
    }

    /**
     * Telemetry records past the job group's committed offsets, over every partition; a partition
     * with nothing committed yet (no checkpoint completed) counts from its start.
     */
    private static long lag(Admin admin, Map<TopicPartition, OffsetAndMetadata> committed)
            throws Exception {
        String topic = Topics.TELEMETRY.name();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .forEach(
                        i ->
                                latest.put(
                                        new TopicPartition(topic, i.partition()),
                                        OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition tp : latest.keySet()) {
            OffsetAndMetadata c = committed.get(tp);
            lag += Math.max(0, ends.get(tp).offset() - (c == null ? 0 : c.offset()));
        }
        return lag;
    }

    /** An admin client that gives up within seconds when the broker is away. */
    private static Admin admin(Properties kafka) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return Admin.create(p);
    }

    /** The latest version per scope on the compacted control topic. */
    public static Map<String, Long> latestControlVersions(Properties kafka, Duration timeout) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Long> versions = new TreeMap<>();
        try (var c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(Topics.CONTROL.name(), timeout)
                    .forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline
                    && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    try {
                        ControlUpdate u = Topics.CONTROL.codec().decode(r.value());
                        versions.merge(u.getScope(), u.getVersion(), Math::max);
                    } catch (DecodeException | RuntimeException skipped) {
                        // status shows what decodes; the fleet counts what it rejects
                    }
                }
            }
        }
        return versions;
    }
}
