package org.qoeflow.jobs.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.qoeflow.jobs.JobInput;
import org.qoeflow.jobs.JobOptions;
import picocli.CommandLine;

class OtlpJobOptionsTest {
    private static JobOptions parse(String... args) throws Exception {
        CommandLine cmd = JobOptions.commandLine();
        cmd.parseArgs(args);
        return cmd.<java.util.concurrent.Callable<JobOptions>>getCommand().call();
    }

    private static JobOptions parseOrThrow(String... args) {
        try {
            return parse(args);
        } catch (Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Test
    void theDefaultInputIsOurTelemetryAsBefore() {
        JobOptions o = parseOrThrow("--bootstrap", "k:9092");
        assertThat(o.input()).isEqualTo(JobInput.TELEMETRY);
        assertThat(o.otlp()).isEqualTo(OtlpJobOptions.DEFAULTS);
    }

    @Test
    void parsesTheOtlpInputAndItsMapping() {
        JobOptions o =
                parseOrThrow(
                        "--bootstrap", "k:9092",
                        "--input", "BOTH",
                        "--otlp", "nodeIdKeys=service.instance.id",
                        "--otlp", "defaultRegion=eu-west",
                        "--otlp-series-ttl", "30m");
        assertThat(o.input()).isEqualTo(JobInput.BOTH);
        assertThat(o.otlp().mapping().nodeIdKeys()).containsExactly("service.instance.id");
        assertThat(o.otlp().mapping().defaultRegion()).isEqualTo("eu-west");
        assertThat(o.otlp().seriesTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(o.withWindow(Duration.ofSeconds(10), Duration.ofSeconds(1)).input())
                .isEqualTo(JobInput.BOTH);
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> parseOrThrow("--bootstrap", "k:9092", "--input", "kafka"))
                .hasMessageContaining("--input");
        assertThatThrownBy(() -> parseOrThrow("--bootstrap", "k:9092", "--otlp", "tier=x"))
                .hasMessageContaining("unknown --otlp option 'tier'");
        assertThatThrownBy(
                        () -> parseOrThrow("--bootstrap", "k:9092", "--otlp-max-record-bytes", "1"))
                .hasMessageContaining("--otlp-max-record-bytes");
    }
}
