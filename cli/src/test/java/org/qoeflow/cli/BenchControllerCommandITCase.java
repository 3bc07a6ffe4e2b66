package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code qoeflow bench controller} at a tiny scale on its own embedded broker: the last line has
 * the documented format, every preloaded score reached the controller's view and none was refused,
 * and the report holds the same run. Speed is not asserted: that is what it measures.
 */
class BenchControllerCommandITCase {
    static final Pattern LINE =
            Pattern.compile(
                    "bench-controller: nodes=(\\d+) scores_eps=(\\d+) decision_p50_ms=(\\d+)"
                            + " decision_p99_ms=(\\d+) heap_bytes_per_node=(\\d+)"
                            + " keeps_up=(true|false)");

    @Test
    void printsTheSummaryLineAndWritesTheReport(@TempDir Path dir) throws Exception {
        Run run = benchController(dir);

        assertThat(run.code()).as(run.out()).isZero();
        List<String> lines = run.lines();
        String last = run.last();
        Matcher m = LINE.matcher(last);
        assertThat(m.matches()).as(last).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(30);
        assertThat(Long.parseLong(m.group(2))).as(last).isPositive();
        assertThat(lines).anyMatch(l -> l.startsWith("  window 2/2:"));

        JsonNode json = run.report();
        assertThat(json.get("line").asText()).isEqualTo(last);
        assertThat(json.get("scores_rejected").asLong()).isZero();
        // 30 devices and the model's 6 cloud nodes, each scored in both windows.
        assertThat(json.get("node_ids").asInt()).isEqualTo(36);
        assertThat(json.get("scores_per_window").get(1).asLong()).isEqualTo(36);
        assertThat(json.get("nodes_tracked").asLong()).isEqualTo(36);
    }

    /**
     * With {@code --scope-summaries} the controller reads the summaries and the cloud nodes' scores
     * from the real broker and decides on them: offload decisions are published for the summed
     * scopes, and the view holds the cloud nodes only.
     */
    @Test
    void decidesOnScopeSummariesFromTheBroker(@TempDir Path dir) throws Exception {
        Run run = benchController(dir, "--scope-summaries");

        assertThat(run.code()).as(run.out()).isZero();
        String last = run.last();
        assertThat(last).startsWith("bench-controller: nodes=30 ").contains(" input=summaries ");
        JsonNode json = run.report();
        assertThat(json.get("input").asText()).isEqualTo("summaries");
        assertThat(json.get("scores_rejected").asLong()).isZero();
        // The model's 6 cloud nodes come as scores, its 30 devices in per-scope summaries.
        assertThat(json.get("scores_per_window").get(1).asLong()).isEqualTo(6);
        assertThat(json.get("summaries_per_window").get(1).asLong()).isPositive();
        assertThat(json.get("nodes_tracked").asLong()).isEqualTo(6);
        // Every summed scope got its first offload decision, besides the region's routing.
        assertThat(json.get("updates_published").asDouble())
                .isGreaterThanOrEqualTo(1 + json.get("summaries_per_window").get(1).asDouble());
    }

    /** One run's exit code, its printed output and the folder it wrote its report to. */
    record Run(int code, String out, Path dir) {
        List<String> lines() {
            return out.lines().toList();
        }

        String last() {
            List<String> lines = lines();
            return lines.get(lines.size() - 1);
        }

        JsonNode report() throws IOException {
            return new ObjectMapper().readTree(dir.resolve("bench-controller.json").toFile());
        }
    }

    /** Runs {@code bench controller} at 30 devices and 2 windows with {@code extra} options. */
    static Run benchController(Path dir, String... extra) {
        List<String> args =
                new ArrayList<>(List.of("bench", "controller", "--nodes", "30", "--windows", "2"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--report", dir.toString()));
        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new Qoeflow());
        cmd.setOut(new PrintWriter(out, true));
        int code = cmd.execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), dir);
    }
}
