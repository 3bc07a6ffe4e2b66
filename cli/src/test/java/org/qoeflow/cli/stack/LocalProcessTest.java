package org.qoeflow.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessTest {

    @Test
    void aRestartedProcessDoesNotSeeTheReadinessLineOfTheRunBeforeIt(@TempDir Path runDir)
            throws Exception {
        LocalProcess first =
                LocalProcess.start("svc", List.of("sh", "-c", "echo ready"), runDir, Map.of());
        awaitExit(first);
        assertThat(first.logSinceStart()).contains("ready");

        LocalProcess second =
                LocalProcess.start("svc", List.of("sh", "-c", "echo starting"), runDir, Map.of());
        awaitExit(second);

        assertThat(Files.readString(second.log())).contains("ready").contains("starting");
        assertThat(second.logSinceStart()).contains("starting").doesNotContain("ready");
    }

    private static void awaitExit(LocalProcess p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (p.alive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // The log is written by the child; give the file system a moment after exit.
        Thread.sleep(50);
    }
}
