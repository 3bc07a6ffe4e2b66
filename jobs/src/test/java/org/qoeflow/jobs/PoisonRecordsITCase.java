package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.qoeflow.qoe.DeadLetterReason;
import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Topics;

/**
 * Poison on a real broker: the bad-input corpus with a record over 1 MiB, watermark poisoning on
 * one and on every partition that carries data, an idle partition, replays. Real events around the
 * poison must be scored with exact counts and the job must keep running.
 */
class PoisonRecordsITCase {
    static final long T0 = 1_700_000_000_000L; // aligned to 5 s windows
    static final long Y2100 = 4_102_444_800_000L;
    static final int BIG = 1024 * 1024 + 512 * 1024; // over the producer's default 1 MiB

    // Partition 2 of the telemetry topic stays idle in every test; a record may be over 1 MiB.
    @RegisterExtension
    static final JobTestCluster CLUSTER =
            JobTestCluster.brokerPerTest()
                    .withTopic(
                            Topics.TELEMETRY,
                            3,
                            Map.of("max.message.bytes", String.valueOf(4 * 1024 * 1024)));

    static ProducerRecord<byte[], byte[]> at(int partition, Telemetry t) {
        return new ProducerRecord<>(
                Topics.TELEMETRY.name(),
                partition,
                BadTelemetryCorpus.key(t.getNodeId()),
                BadTelemetryCorpus.encode(t));
    }

    static Telemetry request(String node, long time, double e2e, String id) {
        return BadTelemetryCorpus.good(node, time, new RequestFact(e2e / 3, e2e, true, false, id));
    }

    @Test
    void corpusOversizedRecordPoisonedPartitionAndReplaysLeaveRealTrafficScored() throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<BadTelemetryCorpus.Case> corpus =
                BadTelemetryCorpus.cases(T0, System.currentTimeMillis(), BIG);
        // Partition 0: node cloud-a, 20 requests with the whole corpus in between, request a-0
        // replayed 1,000 times.
        for (int i = 0; i < 20; i++) {
            records.add(at(0, request("cloud-a", T0 + 100 * i, 100 + 10 * i, "a-" + i)));
            if (i < corpus.size()) {
                BadTelemetryCorpus.Case c = corpus.get(i);
                records.add(new ProducerRecord<>(Topics.TELEMETRY.name(), 0, c.key(), c.value()));
            }
        }
        for (BadTelemetryCorpus.Case c :
                corpus.subList(Math.min(20, corpus.size()), corpus.size())) {
            records.add(new ProducerRecord<>(Topics.TELEMETRY.name(), 0, c.key(), c.value()));
        }
        for (int r = 0; r < 1000; r++) {
            records.add(at(0, request("cloud-a", T0, 100, "a-0")));
        }
        // Partition 1: node cloud-b, 10 requests, 3 events from 2100, 10 more requests.
        for (int i = 0; i < 10; i++) {
            records.add(at(1, request("cloud-b", T0 + 100 * i, 200, null)));
        }
        for (int i = 0; i < 3; i++) {
            records.add(at(1, request("cloud-b", Y2100 + i, 200, null)));
        }
        for (int i = 10; i < 20; i++) {
            records.add(at(1, request("cloud-b", T0 + 100 * i, 200, null)));
        }
        // Later events move both partitions' watermarks past the first window.
        for (int i = 0; i < 5; i++) {
            records.add(at(0, request("cloud-a", T0 + 9000 + 100 * i, 100, null)));
            records.add(at(1, request("cloud-b", T0 + 9000 + 100 * i, 100, null)));
        }
        produce(records);

        JobClient job = start();
        try {
            Map<String, QoeScore> first = firstWindowScores(List.of("cloud-a", "cloud-b"));
            assertThat(first.get("cloud-a").getRequestCount()).isEqualTo(20);
            assertThat(first.get("cloud-a").getLatencyP95Ms()).isEqualTo(280.0);
            assertThat(first.get("cloud-b").getRequestCount()).isEqualTo(20);

            Map<String, List<DeadLetter>> dlq = deadLettersByReason(corpus.size() + 3);
            System.out.println("poison ITCase DLQ by reason: " + counts(dlq));
            for (DeadLetterReason r :
                    List.of(
                            DeadLetterReason.DECODE,
                            DeadLetterReason.OVERSIZED,
                            DeadLetterReason.INVALID,
                            DeadLetterReason.KEY_MISMATCH)) {
                long expected = corpus.stream().filter(c -> c.reason() == r).count();
                assertThat(dlq.getOrDefault(r.label(), List.of()))
                        .as(r.label())
                        .hasSize((int) expected);
            }
            long future =
                    corpus.stream()
                            .filter(c -> c.reason() == DeadLetterReason.FUTURE_EVENT_TIME)
                            .count();
            assertThat(dlq.get("FutureEventTime")).hasSize((int) future + 3);
            assertThat(dlq).doesNotContainKey("LateEvent");
            DeadLetter big = dlq.get("Oversized").get(0);
            assertThat(big.getOriginalSize()).isEqualTo(BIG);
            assertThat(big.getTruncated()).isTrue();
            assertThat(big.getOriginalValue().remaining()).isEqualTo(DeadLetters.MAX_VALUE_BYTES);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void poisonOnEveryPartitionWithDataAndAnIdlePartitionDoesNotStopScoring() throws Exception {
        // Partition 1 carries nothing but poison, all the time; partition 2 nothing at all.
        AtomicBoolean stop = new AtomicBoolean();
        Thread poisoner =
                new Thread(
                        () -> {
                            Properties p = producerProps();
                            try (var producer =
                                    new KafkaProducer<>(
                                            p,
                                            new ByteArraySerializer(),
                                            new ByteArraySerializer())) {
                                for (int i = 0; !stop.get(); i++) {
                                    producer.send(
                                            at(1, request("poison-" + i % 3, Y2100 + i, 1, null)));
                                    Thread.sleep(100);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(at(0, request("cloud-a", Y2100, 100, null)));
        for (int i = 0; i < 20; i++) {
            records.add(at(0, request("cloud-a", T0 + 100 * i, 100 + 10 * i, null)));
            records.add(at(0, request("cloud-a", Y2100 + i, 100, null)));
        }
        for (int i = 0; i < 5; i++) {
            records.add(at(0, request("cloud-a", T0 + 9000 + 100 * i, 100, null)));
        }
        produce(records);
        poisoner.start();
        JobClient job = start();
        try {
            QoeScore a = firstWindowScores(List.of("cloud-a")).get("cloud-a");
            assertThat(a.getRequestCount()).isEqualTo(20);
            assertThat(a.getLatencyP95Ms()).isEqualTo(280.0);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            stop.set(true);
            poisoner.join();
            job.cancel().get();
        }
    }

    JobClient start() throws Exception {
        JobOptions o =
                JobOptions.defaults(CLUSTER.bootstrapServers())
                        .withWindow(Duration.ofSeconds(5), Duration.ofSeconds(1));
        o =
                new JobOptions(
                        o.kafka(),
                        "poison-" + UUID.randomUUID(),
                        o.windowSize(),
                        o.allowedLateness(),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        o.maxFutureSkew(),
                        o.deliveryGuarantee(),
                        "poison",
                        true,
                        o.qoe(),
                        new org.qoeflow.jobs.anomaly.AnomalyJobOptions(
                                false, Duration.ofMinutes(10), 10));
        StreamExecutionEnvironment env = JobTestCluster.environment();
        env.configure(QoeScoringJob.resilienceDefaults(env.getConfiguration()));
        return QoeScoringJob.wire(env, o).executeAsync("poison-it");
    }

    Properties producerProps() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", CLUSTER.bootstrapServers());
        p.setProperty("acks", "all");
        p.setProperty("enable.idempotence", "true");
        p.setProperty("max.request.size", String.valueOf(4 * 1024 * 1024));
        return p;
    }

    void produce(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (var producer =
                new KafkaProducer<>(
                        producerProps(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (var r : records) {
                producer.send(r).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Revision 0 of the window starting at T0, per node, waiting until every node has one. */
    Map<String, QoeScore> firstWindowScores(List<String> nodes) throws Exception {
        Map<String, QoeScore> out = new HashMap<>();
        poll(
                Topics.QOE_SCORES.name(),
                Duration.ofSeconds(90),
                bytes -> {
                    QoeScore s = bytes == null ? null : Topics.QOE_SCORES.codec().decode(bytes);
                    if (s != null && s.getWindowStart().toEpochMilli() == T0) {
                        assertThat(s.getRevision()).as("no late re-fire").isZero();
                        out.put(s.getNodeId(), s);
                    }
                    return out.keySet().containsAll(nodes);
                });
        return out;
    }

    /** Dead letters by reason, once at least {@code atLeast} arrived and 2 s more passed. */
    Map<String, List<DeadLetter>> deadLettersByReason(int atLeast) throws Exception {
        List<DeadLetter> all = new ArrayList<>();
        long[] quietUntil = {Long.MAX_VALUE};
        poll(
                Topics.DLQ.name(),
                Duration.ofSeconds(60),
                bytes -> {
                    if (bytes != null) {
                        all.add(Topics.DLQ.codec().decode(bytes));
                    }
                    if (all.size() >= atLeast && quietUntil[0] == Long.MAX_VALUE) {
                        quietUntil[0] = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    }
                    return System.nanoTime() > quietUntil[0];
                });
        Map<String, List<DeadLetter>> by = new HashMap<>();
        for (DeadLetter d : all) {
            by.computeIfAbsent(d.getErrorClass(), k -> new ArrayList<>()).add(d);
        }
        return by;
    }

    static Map<String, Integer> counts(Map<String, List<DeadLetter>> by) {
        Map<String, Integer> c = new java.util.TreeMap<>();
        by.forEach((k, v) -> c.put(k, v.size()));
        return c;
    }

    interface Check {
        boolean done(byte[] value) throws Exception;
    }

    /**
     * Reads {@code topic} from the start until {@code check} says done or time runs out; {@code
     * check} also sees a null value after every empty poll.
     */
    void poll(String topic, Duration timeout, Check check) throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", CLUSTER.bootstrapServers());
        p.setProperty("group.id", "check-" + UUID.randomUUID());
        p.setProperty("auto.offset.reset", "earliest");
        try (var consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                var polled = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    if (check.done(r.value())) {
                        return;
                    }
                }
                if (polled.isEmpty() && check.done(null)) {
                    return;
                }
            }
        }
        throw new AssertionError("timed out reading " + topic);
    }
}
