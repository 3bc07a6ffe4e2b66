package org.qoeflow.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short chaos run in the suite: two TaskManager SIGKILLs, a broker restart and a controller
 * SIGKILL and an 8 s TaskManager stall (lag grows, then drains) under load lose, duplicate and
 * change no committed window and never move a control version back. The long run is {@code qoeflow
 * chaos} (docs/reliability.md).
 */
class ChaosITCase {
    @TempDir Path runDir;

    @Test
    void exactlyOnceThroughTaskManagerKillsBrokerRestartAndControllerKill() throws Exception {
        Map<String, Integer> free = new LinkedHashMap<>();
        for (String name : StackPorts.DEFAULTS.ports().keySet()) {
            free.put(name, freePort());
        }
        LocalStack stack =
                new LocalStack(
                        StackHome.locate(), runDir, StackPorts.DEFAULTS.with(free), System.out);
        ChaosRun.Result r;
        ChaosRun run;
        try {
            run =
                    new ChaosRun(
                            stack,
                            new ChaosRun.Options(
                                    Duration.ofSeconds(50), 2, 1, 1, 1, 30, 4, 11, true),
                            System.out);
            r = run.run();
        } finally {
            stack.down();
        }
        System.out.println(r.line());
        assertThat(r.expected()).isGreaterThan(300);
        assertThat(run.overloads())
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.backlog()).as("lag grew while stalled").isPositive();
                            assertThat(o.pendingRecordsPeak())
                                    .as("lag is exported")
                                    .isNotNegative();
                        });
        assertThat(r.clean()).as(r.line()).isTrue();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
