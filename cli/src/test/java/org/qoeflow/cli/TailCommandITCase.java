package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.schema.ControlUpdate;
import org.qoeflow.schema.RecordFile;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.TestingRecords;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;
import picocli.CommandLine;

/** {@code qoeflow tail} against the project's real in-process broker. */
class TailCommandITCase {
    static final ObjectMapper MAPPER = new ObjectMapper();

    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        TopicSetup.ensure(p, 2);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    /** Exit code, stdout and stderr of one run. */
    record Run(int code, String out, String err) {
        List<JsonNode> lines() throws Exception {
            List<JsonNode> lines = new ArrayList<>();
            for (String l : out.split("\n")) {
                if (!l.isBlank()) {
                    lines.add(MAPPER.readTree(l));
                }
            }
            return lines;
        }
    }

    static Run tail(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                new CommandLine(new TailCommand())
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(err, true))
                        .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static void produce(String topic, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("acks", "all");
        try (var producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (var r : records) {
                producer.send(r).get();
            }
        }
    }

    static ProducerRecord<byte[], byte[]> rec(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, TopicDescriptor.key(key), value);
    }

    @Test
    void printsEachRecordAsJsonUpToTheEndSeenAtStartThenStops() throws Exception {
        String t = Topics.TELEMETRY.name();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Telemetry v =
                    i % 2 == 0
                            ? TestingRecords.request("edge-" + i)
                            : TestingRecords.sample("edge-" + i);
            records.add(rec(t, "edge-" + i, Topics.TELEMETRY.codec().encode(v)));
        }
        records.add(rec(t, "edge-bad", "not avro".getBytes(StandardCharsets.UTF_8)));
        produce(t, records);

        Run run =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(30),
                        () ->
                                tail(
                                        "--topic",
                                        "telemetry",
                                        "--json",
                                        "--from-beginning",
                                        "--bootstrap",
                                        kafka.bootstrapServers()));

        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> lines = run.lines();
        assertThat(lines).hasSize(7);
        assertThat(lines)
                .allSatisfy(l -> assertThat(l.get("topic").asText()).isEqualTo(t))
                .allSatisfy(l -> assertThat(l.get("timestamp").asText()).endsWith("Z"));
        for (JsonNode l : lines) {
            String key = l.get("key").asText();
            if (key.equals("edge-bad")) {
                assertThat(l.get("error").asText())
                        .contains("not an Avro single-object encoded Telemetry");
                assertThat(l.has("offset")).isTrue();
            } else {
                assertThat(l.at("/value/node_id").asText()).isEqualTo(key);
                int i = Integer.parseInt(key.substring("edge-".length()));
                assertThat(l.at("/value/payload").fieldNames().next())
                        .isEqualTo(i % 2 == 0 ? "RequestFact" : "NodeSample");
            }
        }
        assertThat(run.err()).contains("7 records from qoeflow.telemetry.v1 (1 undecodable)");

        // Without --from-beginning it starts at the end: nothing old, and it still stops.
        Run fromEnd = tail("--topic", t, "--json", "--bootstrap", kafka.bootstrapServers());
        assertThat(fromEnd.code()).isZero();
        assertThat(fromEnd.lines()).isEmpty();
    }

    @Test
    void compactedControlTopicShowsUpdatesAndTombstonesByFullName() throws Exception {
        ControlUpdate u = TestingRecords.of(Topics.CONTROL);
        produce(
                Topics.CONTROL.name(),
                List.of(
                        rec(Topics.CONTROL.name(), u.getScope(), Topics.CONTROL.codec().encode(u)),
                        rec(Topics.CONTROL.name(), "offload/retired", null)));

        Run run =
                tail(
                        "--topic",
                        "qoeflow.control.v1",
                        "--json",
                        "--from-beginning",
                        "--bootstrap",
                        kafka.bootstrapServers());

        assertThat(run.code()).as(run.err()).isZero();
        Map<String, JsonNode> byKey = new java.util.HashMap<>();
        for (JsonNode l : run.lines()) {
            byKey.put(l.get("key").asText(), l);
        }
        assertThat(byKey.get(u.getScope()).at("/value/version").asLong()).isEqualTo(12);
        assertThat(byKey.get(u.getScope()).at("/value/routing_weights/cloud-eu-west-0").asDouble())
                .isEqualTo(0.25);
        assertThat(byKey.get("offload/retired").get("value").isNull()).isTrue();
        assertThat(byKey.get("offload/retired").has("error")).isFalse();
    }

    @Test
    void followPrintsRecordsProducedAfterItStartedUntilStopped() throws Exception {
        String topic = "tail-follow-" + UUID.randomUUID();
        kafka.createTopic(topic, 2, Map.of());
        produce(topic, List.of(rec(topic, "a", new byte[] {1})));
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        List<ConsumerRecord<byte[], byte[]>> seen = new CopyOnWriteArrayList<>();
        TopicTail tail =
                new TopicTail(
                        p, topic, new TopicTail.Options(true, true, null, Duration.ofSeconds(10)));
        long[] count = {-1};
        Thread reader = new Thread(() -> count[0] = tail.run(seen::add));
        reader.start();
        try {
            awaitSize(seen, 1);
            produce(
                    topic,
                    List.of(rec(topic, "b", new byte[] {2}), rec(topic, "c", new byte[] {3})));
            awaitSize(seen, 3);
            Thread.sleep(500);
            assertThat(reader.isAlive()).as("still following").isTrue();
        } finally {
            tail.stop();
            reader.join(10_000);
            tail.close();
        }
        assertThat(reader.isAlive()).isFalse();
        assertThat(count[0]).isEqualTo(3);
        assertThat(seen)
                .extracting(r -> TopicDescriptor.keyString(r.key()))
                .containsExactly("a", "b", "c");
    }

    static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(list).hasSize(size);
    }

    @Test
    void outModeStillRecordsAFileForTrainingAndReplay(@TempDir Path dir) throws Exception {
        String t = Topics.QOE_SCORES.name();
        var score = TestingRecords.of(Topics.QOE_SCORES);
        produce(
                t,
                List.of(
                        rec(t, "n1", Topics.QOE_SCORES.codec().encode(score)),
                        rec(t, "n2", Topics.QOE_SCORES.codec().encode(score))));
        Path file = dir.resolve("scores.bin");

        Run run =
                tail(
                        "--topic",
                        "qoe-scores",
                        "--out",
                        file.toString(),
                        "--from-beginning",
                        "--duration",
                        "3s",
                        "--bootstrap",
                        kafka.bootstrapServers());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("recorded 2 records to " + file);
        var contents = RecordFile.read(file, Topics.QOE_SCORES.codec());
        assertThat(contents.errors()).isEmpty();
        assertThat(contents.records()).containsExactly(score, score);
    }

    @Test
    void unreachableBrokerIsAnErrorNamingTheAddressWithinTheTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // nothing listens there once closed
        }
        String address = "127.0.0.1:" + port;
        long start = System.nanoTime();

        Run run = tail("--topic", "telemetry", "--json", "--bootstrap", address);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach Kafka at " + address + " within 10 s");
        assertThat(run.out()).isEmpty();
        assertThat(took).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void missingTopicIsAnErrorNamingIt() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        String topic = "no-such-topic-" + UUID.randomUUID();
        try (TopicTail tail =
                new TopicTail(
                        p,
                        topic,
                        new TopicTail.Options(true, false, null, Duration.ofSeconds(10)))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> tail.run(r -> {}))
                    .hasMessageContaining(
                            "topic "
                                    + topic
                                    + " does not exist on Kafka at "
                                    + kafka.bootstrapServers());
        }
    }
}
