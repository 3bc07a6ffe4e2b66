package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.qoeflow.cli.DocumentedCommands.Command;
import org.qoeflow.cli.stack.StackHome;
import picocli.CommandLine;

/**
 * Every {@code qoeflow ...} command line written in README.md and docs/*.md goes through the real
 * picocli parser of {@link Qoeflow} (parsed, never run). A span that only names a command ({@code
 * qoeflow controller}) must name an existing one; anything with arguments must parse in full.
 */
class DocumentedCommandsTest {

    @Test
    void everyDocumentedCommandLineParses() throws IOException {
        Path root = StackHome.locate().root();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Path file : files) {
            for (Command c : DocumentedCommands.find(Files.readString(file))) {
                checked++;
                String where = root.relativize(file) + ":" + c.line() + ": `" + c.text() + "`: ";
                problem(c.args()).ifPresent(p -> failures.add(where + p));
            }
        }
        assertThat(checked).as("documented command lines found").isGreaterThan(50);
        assertThat(failures).as("documented commands that do not parse").isEmpty();
    }

    @Test
    void reportsAnUnknownSubcommandWithItsLine() {
        String doc = "Intro.\n\n```sh\n./qoeflow schemas --out DIR\n./qoeflow keys bogus\n```\n";
        List<Command> found = DocumentedCommands.find(doc);
        assertThat(found).extracting(Command::line).containsExactly(4, 5);
        assertThat(problem(found.get(0).args())).isEmpty();
        assertThat(problem(found.get(1).args())).hasValue("Unmatched argument at index 1: 'bogus'");
    }

    @Test
    void elidedArgumentsExcuseOnlyMissingRequiredOptions() {
        assertThat(problem(List.of("sim", "...", "--record-telemetry", "FILE"))).isEmpty();
        assertThat(problem(List.of("sim", "--record-telemetry", "FILE"))).isPresent();
        assertThat(problem(List.of("sim", "...", "--no-such-option"))).isPresent();
    }

    @Test
    void readsContinuationsCommentsPipesAndWrappedInlineCode() {
        String doc =
                "```\n"
                        + "qoeflow tail --topic dlq \\\n"
                        + "    --json --follow   # until Ctrl-C\n"
                        + "./qoeflow tail --topic control --json | jq -c .\n"
                        + "kubectl -n qoeflow create secret\n"
                        + "```\n"
                        + "Run `qoeflow.telemetry.v1` through `qoeflow sim --scenario\n"
                        + "all [--report DIR]` or `./qoeflow` itself.\n";
        assertThat(DocumentedCommands.find(doc))
                .containsExactly(
                        new Command(
                                2,
                                "qoeflow tail --topic dlq  --json --follow   # until Ctrl-C",
                                List.of("tail", "--topic", "dlq", "--json", "--follow")),
                        new Command(
                                4,
                                "./qoeflow tail --topic control --json | jq -c .",
                                List.of("tail", "--topic", "control", "--json")),
                        new Command(
                                7,
                                "qoeflow sim --scenario all [--report DIR]",
                                List.of("sim", "--scenario", "all", "--report", "DIR")),
                        new Command(8, "./qoeflow", List.of()));
    }

    /**
     * Picocli's message when {@code args} do not parse; empty when they do. Where the text elides
     * arguments ({@code qoeflow sim ... --record-telemetry FILE}) a missing required option is no
     * error, an unknown option or subcommand still is.
     */
    private static Optional<String> problem(List<String> args) {
        CommandLine cli = new CommandLine(new Qoeflow());
        if (namesCommand(cli, args)) {
            return Optional.empty();
        }
        List<String> written = new ArrayList<>(args);
        boolean elided = written.removeIf(a -> a.equals("...") || a.equals("\u2026"));
        try {
            cli.parseArgs(written.toArray(String[]::new));
            return Optional.empty();
        } catch (CommandLine.MissingParameterException e) {
            // picocli reports missing required options before unmatched words: ask for those too
            List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
            if (elided && !unmatched.isEmpty()) {
                return Optional.of("Unmatched arguments: " + unmatched);
            }
            return elided ? Optional.empty() : Optional.of(e.getMessage());
        } catch (CommandLine.ParameterException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Whether {@code args} are only a path of (sub)command names, e.g. {@code anomaly train}. */
    private static boolean namesCommand(CommandLine cli, List<String> args) {
        CommandLine c = cli;
        for (String a : args) {
            c = c.getSubcommands().get(a);
            if (c == null) {
                return false;
            }
        }
        return true;
    }
}
