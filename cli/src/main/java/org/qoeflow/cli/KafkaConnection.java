package org.qoeflow.cli;

import java.nio.file.Path;
import java.util.Properties;
import org.qoeflow.common.KafkaClientProperties;
import picocli.CommandLine.Option;

/**
 * The {@code --bootstrap} and {@code --kafka-properties} options every Kafka-using command mixes
 * in.
 */
final class KafkaConnection {
    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (overrides bootstrap.servers of the file)")
    String bootstrap;

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            description =
                    "Kafka client properties (e.g. SASL_SSL login, see docs/security.md), passed"
                            + " through to every client")
    Path kafkaProperties;

    /** The client properties: the file's, with {@code --bootstrap} applied. */
    Properties properties() {
        return properties(bootstrap);
    }

    /** The client properties with {@code bootstrap} (e.g. an embedded broker's) applied. */
    Properties properties(String bootstrapServers) {
        return KafkaClientProperties.with(
                KafkaClientProperties.load(kafkaProperties), bootstrapServers);
    }
}
