package org.qoeflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBuilderTest {
    @Test
    void rejectsOutOfRangeOptionsNamingTheKey() {
        assertThatThrownBy(() -> EmbeddedKafka.builder().port(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port must be in [0, 65535]");
        assertThatThrownBy(() -> EmbeddedKafka.builder().controllerPort(-1))
                .hasMessageContaining("controllerPort");
        assertThatThrownBy(() -> EmbeddedKafka.builder().defaultPartitions(0))
                .hasMessageContaining("defaultPartitions must be in [1, 10000]");
        assertThatThrownBy(() -> EmbeddedKafka.builder().startTimeout(Duration.ZERO))
                .hasMessageContaining("startTimeout");
    }

    @Test
    void mainParsesItsOptionsAndRejectsUnknownOnes() {
        EmbeddedKafkaBuilder builder =
                EmbeddedKafkaMain.parse(
                        new String[] {
                            "--port", "19092", "--log-dir", "/tmp/k", "--partitions", "3"
                        });
        assertThat(builder.port).isEqualTo(19092);
        assertThat(builder.logDir).isEqualTo(Path.of("/tmp/k"));
        assertThat(builder.defaultPartitions).isEqualTo(3);
        assertThat(EmbeddedKafkaMain.parse(new String[0]).port).isEqualTo(9092);

        assertThatThrownBy(() -> EmbeddedKafkaMain.parse(new String[] {"--bogus", "1"}))
                .hasMessageContaining("Unknown option --bogus");
        assertThatThrownBy(() -> EmbeddedKafkaMain.parse(new String[] {"--port", "x"}))
                .hasMessageContaining("--port needs an integer");
        assertThatThrownBy(() -> EmbeddedKafkaMain.parse(new String[] {"--port"}))
                .hasMessageContaining("Missing value for --port");
    }
}
