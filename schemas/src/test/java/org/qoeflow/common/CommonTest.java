package org.qoeflow.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommonTest {
    @Test
    void parsesDurations() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> Durations.parse("5 days")).hasMessageContaining("'5 days'");
    }

    @Test
    void loadsPropertiesAndRequiresBootstrap(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("client.properties");
        Files.writeString(f, "security.protocol=SASL_SSL\n");
        var props = KafkaClientProperties.with(KafkaClientProperties.load(f), "h:1");
        assertThat(props).containsEntry("security.protocol", "SASL_SSL");
        assertThat(props).containsEntry("bootstrap.servers", "h:1");
        assertThatThrownBy(() -> KafkaClientProperties.with(KafkaClientProperties.load(f), null))
                .hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> KafkaClientProperties.load(dir.resolve("nope")))
                .hasMessageContaining("not found");
    }
}
