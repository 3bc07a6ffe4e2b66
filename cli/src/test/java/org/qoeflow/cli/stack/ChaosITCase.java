package org.qoeflow.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
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
        LocalStack stack =
                new LocalStack(StackHome.locate(), runDir, StackPorts.free(), System.out);
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
}
