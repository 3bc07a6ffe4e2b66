package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code qoeflow bench} at a tiny scale on its own embedded broker and MiniCluster: the last line
 * has the documented format with positive figures, and the report holds the same run. Speed is not
 * asserted: that is what the command measures.
 */
class BenchCommandITCase {
    static final Pattern LINE =
            Pattern.compile(
                    "bench: nodes=(\\d+) pipeline_eps=(\\d+) ceiling_eps=(\\d+)"
                            + " ratio=(\\d+\\.\\d{3}) decode_eps=(\\d+) control_p50_ms=(NaN|\\d+)"
                            + " control_p99_ms=(NaN|\\d+) state_bytes_per_node=(\\d+)");

    @Test
    void printsTheSummaryLineWithPositiveFiguresAndWritesTheReport(@TempDir Path dir)
            throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new Qoeflow());
        cmd.setOut(new PrintWriter(out, true));
        int code =
                cmd.execute(
                        "bench",
                        "--nodes",
                        "20",
                        "--events",
                        "3000",
                        "--duration",
                        "0s",
                        "--report",
                        dir.toString());

        assertThat(code).isZero();
        List<String> lines = out.toString().lines().toList();
        String last = lines.get(lines.size() - 1);
        Matcher m = LINE.matcher(last);
        assertThat(m.matches()).as(last).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(20);
        for (int g : new int[] {2, 3, 5, 8}) {
            assertThat(Long.parseLong(m.group(g))).as("group %d of %s", g, last).isPositive();
        }
        assertThat(Double.parseDouble(m.group(4))).isPositive();
        // --duration 0s skips the loop: the control figures say "not measured".
        assertThat(m.group(6)).isEqualTo("NaN");
        assertThat(lines).anyMatch(l -> l.startsWith("  pipeline:") || l.contains("records in"));

        JsonNode json = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
        assertThat(json.get("line").asText()).isEqualTo(last);
        assertThat(json.get("events").asLong()).isEqualTo(3000);
        // Flink's own source path, read-only and with the job's decoding, on the same range
        assertThat(lines).anyMatch(l -> l.startsWith("  flink source ceiling "));
        assertThat(json.get("flink_read_eps").asLong()).isPositive();
        assertThat(json.get("flink_decode_eps").asLong()).isPositive();
        assertThat(json.get("flink_decode_cpu_us_per_record").asDouble()).isPositive();
        assertThat(Files.size(dir.resolve("bench.png"))).isPositive();
    }
}
