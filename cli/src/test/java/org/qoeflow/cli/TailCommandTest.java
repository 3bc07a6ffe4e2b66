package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.Topics;
import picocli.CommandLine;

class TailCommandTest {
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return new CommandLine(new TailCommand())
                .setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void acceptsShortAndFullTopicNames() {
        TailCommand c = new TailCommand();
        new CommandLine(c);
        assertThat(c.resolve("telemetry")).isSameAs(Topics.TELEMETRY);
        assertThat(c.resolve("qoeflow.telemetry.v1")).isSameAs(Topics.TELEMETRY);
        assertThat(c.resolve("anomaly-topk")).isSameAs(Topics.ANOMALY_TOPK);
        assertThat(c.resolve("controller-leader")).isSameAs(Topics.CONTROLLER_LEADER);
    }

    @Test
    void unknownTopicIsAUsageErrorListingTheValidOnes() {
        int code = run("--topic", "telemetri", "--json", "--bootstrap", "127.0.0.1:1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("unknown topic 'telemetri'")
                .contains("telemetry (qoeflow.telemetry.v1)")
                .contains("controller-leader (qoeflow.controller-leader.v1)");
    }

    @Test
    void needsExactlyOneOfJsonAndOut() {
        assertThat(run("--topic", "telemetry", "--bootstrap", "127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("exactly one of --json, --out");
    }
}
