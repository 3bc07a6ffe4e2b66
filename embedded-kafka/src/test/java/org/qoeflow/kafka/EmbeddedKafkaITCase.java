package org.qoeflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaITCase {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void idempotentProducerRecordsAreConsumedBackFromBothPartitions() throws Exception {
        String topic = freshTopic();
        kafka.createTopic(topic, 2, Map.of());
        kafka.createTopic(topic, 2, Map.of()); // idempotent

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "v" + i)).get();
            }
        }

        List<ConsumerRecord<String, String>> records = consume(topic, "read_uncommitted", 10);
        assertThat(records).extracting(ConsumerRecord::value).hasSize(10).contains("v0", "v9");
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(0, 1);
    }

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransactions() throws Exception {
        String topic = freshTopic();
        kafka.createTopic(topic, 1, Map.of());
        Properties props = producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + topic);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }

        assertThat(consume(topic, "read_committed", 1))
                .extracting(ConsumerRecord::value)
                .containsExactly("committed");
    }

    @Test
    void compactedTopicKeepsItsCleanupPolicy() throws Exception {
        String topic = freshTopic();
        kafka.createTopic(
                topic,
                1,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
        }
    }

    @Test
    void closeReleasesThePortAndDeletesTheTempDir() throws Exception {
        EmbeddedKafka other = EmbeddedKafka.builder().defaultPartitions(3).start();
        int port = other.port();
        var logDir = other.logDir();
        assertThat(logDir).isDirectory();

        other.close();
        other.close(); // idempotent

        assertThat(logDir).doesNotExist();
        assertThatCode(
                        () -> {
                            try (ServerSocket socket =
                                    new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                                assertThat(socket.getLocalPort()).isEqualTo(port);
                            }
                        })
                .doesNotThrowAnyException();
    }

    @Test
    void startFailsWithABindErrorWhenTheFixedPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedKafka.builder().port(taken.getLocalPort()).start())
                    .satisfies(e -> assertThat(Ports.isBindFailure(e)).isTrue());
        }
    }

    private static String freshTopic() {
        return "t-" + UUID.randomUUID();
    }

    private static Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return props;
    }

    private static List<ConsumerRecord<String, String>> consume(
            String topic, String isolation, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // One more poll so that unexpected extra records would show up.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
