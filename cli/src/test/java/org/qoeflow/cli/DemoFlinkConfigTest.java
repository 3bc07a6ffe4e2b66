package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

class DemoFlinkConfigTest {
    @Test
    void bindsEveryServerToLoopbackByDefault() {
        Configuration c = DemoFlinkConfig.of(Map.of());
        assertThat(c.get(RestOptions.BIND_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(c.get(JobManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
        assertThat(c.get(TaskManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
    }

    @Test
    void keepsWhatTheUserConfigured() {
        Configuration c =
                DemoFlinkConfig.of(Map.of("rest.bind-address", "0.0.0.0", "rest.port", "18081"));
        assertThat(c.get(RestOptions.BIND_ADDRESS)).isEqualTo("0.0.0.0");
        assertThat(c.get(RestOptions.PORT)).isEqualTo(18081);
        assertThat(c.get(JobManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
    }
}
