package org.qoeflow.cli;

import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * The demo MiniCluster's Flink configuration: every server it opens (REST, the blob server, the
 * JobManager and TaskManager bind hosts) listens on 127.0.0.1 unless the user set the key.
 */
final class DemoFlinkConfig {
    static final String LOOPBACK = "127.0.0.1";

    private DemoFlinkConfig() {}

    /** {@code user} ({@code key=value} settings) over the loopback defaults. */
    static Configuration of(Map<String, String> user) {
        Configuration conf = Configuration.fromMap(user);
        // rest.address too: the MiniCluster advertises it, so clients and the UI link use it.
        for (var option :
                List.of(
                        RestOptions.BIND_ADDRESS,
                        RestOptions.ADDRESS,
                        JobManagerOptions.BIND_HOST,
                        TaskManagerOptions.BIND_HOST,
                        TaskManagerOptions.HOST)) {
            if (!conf.contains(option)) {
                conf.set(option, LOOPBACK);
            }
        }
        return conf;
    }
}
