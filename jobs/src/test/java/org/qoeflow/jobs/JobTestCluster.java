package org.qoeflow.jobs;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.kafka.TestingTopics;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * The jobs' ITCase fixture, registered as a static {@code @RegisterExtension}: a Flink MiniCluster
 * (one task manager, two slots) and a real embedded broker with every topic of {@link Topics}, and
 * the helpers that write to and wait on those topics.
 */
public final class JobTestCluster
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    /** How long a test waits for the job's output by default. */
    public static final Duration WAIT = Duration.ofSeconds(90);

    private final MiniClusterExtension flink;
    private final boolean brokerPerTest;
    private final Map<TopicDescriptor<?>, Integer> partitions = new HashMap<>();
    private final Map<TopicDescriptor<?>, Map<String, String>> extraConfigs = new HashMap<>();
    private EmbeddedKafka kafka;

    private JobTestCluster(Configuration flinkConfig, boolean brokerPerTest) {
        this.flink =
                new MiniClusterExtension(
                        new MiniClusterResourceConfiguration.Builder()
                                .setConfiguration(flinkConfig)
                                .setNumberTaskManagers(1)
                                .setNumberSlotsPerTaskManager(2)
                                .build());
        this.brokerPerTest = brokerPerTest;
    }

    /** One MiniCluster and one broker for the whole test class. */
    public static JobTestCluster perClass() {
        return new JobTestCluster(new Configuration(), false);
    }

    /** As {@link #perClass()}, the MiniCluster started with {@code flinkConfig}. */
    public static JobTestCluster perClass(Configuration flinkConfig) {
        return new JobTestCluster(flinkConfig, false);
    }

    /** One MiniCluster for the class, a fresh broker (and fresh topics) for every test. */
    public static JobTestCluster brokerPerTest() {
        return new JobTestCluster(new Configuration(), true);
    }

    /** Creates {@code topic} with {@code count} partitions and these configs over its own. */
    public JobTestCluster withTopic(
            TopicDescriptor<?> topic, int count, Map<String, String> configs) {
        partitions.put(topic, count);
        extraConfigs.put(topic, configs);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        flink.beforeAll(context);
        if (!brokerPerTest) {
            startKafka();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        flink.beforeEach(context);
        if (brokerPerTest) {
            startKafka();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (brokerPerTest) {
                kafka.close();
            }
        } finally {
            flink.afterEach(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (!brokerPerTest) {
                kafka.close();
            }
        } finally {
            flink.afterAll(context);
        }
    }

    private void startKafka() {
        kafka = EmbeddedKafka.start();
        for (TopicDescriptor<?> t : Topics.all()) {
            Map<String, String> configs = new HashMap<>(t.topicConfigs());
            configs.putAll(extraConfigs.getOrDefault(t, Map.of()));
            kafka.createTopic(t.name(), partitions.getOrDefault(t, t.partitions(2)), configs);
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Kafka client properties for the job: the broker's address only. */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    /** An environment on the MiniCluster at parallelism 2. */
    public static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        return env;
    }

    /** Writes {@code records} and waits until every one is acknowledged. */
    public void produce(List<ProducerRecord<byte[], byte[]>> records) {
        TestingTopics.produce(kafka.bootstrapServers(), records);
    }

    /** The first record of {@code topic} that matches, waiting up to {@link #WAIT}. */
    public <T extends SpecificRecord> T firstMatching(TopicDescriptor<T> topic, Predicate<T> match)
            throws Exception {
        return firstMatching(topic, match, WAIT);
    }

    /** The first record of {@code topic}, from its beginning, that matches within {@code wait}. */
    public <T extends SpecificRecord> T firstMatching(
            TopicDescriptor<T> topic, Predicate<T> match, Duration wait) throws Exception {
        return TestingTopics.firstMatching(
                kafka.bootstrapServers(), topic.name(), topic.codec()::decode, match, wait);
    }

    /** {@code t} as the devices write it: partition 0, keyed by node, stamped with event time. */
    public static ProducerRecord<byte[], byte[]> telemetry(Telemetry t) {
        return new ProducerRecord<>(
                Topics.TELEMETRY.name(),
                0,
                t.getEventTime().toEpochMilli(),
                TopicDescriptor.key(t.getNodeId()),
                Topics.TELEMETRY.codec().encode(t));
    }
}
