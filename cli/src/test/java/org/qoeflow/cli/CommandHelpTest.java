package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qoeflow.jobs.JobOptions;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code --help} of every command and subcommand (and of the job's own options) renders without
 * picocli warnings, and every option and positional parameter has a description.
 */
class CommandHelpTest {

    @Test
    void everyUsageRendersWithoutWarnings() {
        List<String> warnings = new ArrayList<>();
        for (CommandLine c : allCommands()) {
            String err = renderCapturingErr(c);
            if (!err.isBlank()) {
                warnings.add(c.getCommandSpec().qualifiedName() + ": " + err.strip());
            }
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void everyOptionHasADescription() {
        List<String> undescribed = new ArrayList<>();
        for (CommandLine c : allCommands()) {
            List<ArgSpec> args = new ArrayList<>(c.getCommandSpec().options());
            args.addAll(c.getCommandSpec().positionalParameters());
            for (ArgSpec a : args) {
                if (Arrays.stream(a.description()).allMatch(String::isBlank)) {
                    String name = a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
                    undescribed.add(c.getCommandSpec().qualifiedName() + " " + name);
                }
            }
        }
        assertThat(undescribed).isEmpty();
    }

    @Test
    void aFormatWarningIsCaught() {
        @CommandLine.Command(name = "broken")
        class Broken {
            @CommandLine.Option(names = "--share", description = "50% of it")
            int share;
        }
        assertThat(renderCapturingErr(new CommandLine(new Broken())))
                .contains("[picocli WARN] Could not format '50% of it'");
    }

    /** The {@code qoeflow} tree, depth first, and the job's options (a separate entry point). */
    private static List<CommandLine> allCommands() {
        List<CommandLine> all = new ArrayList<>();
        addTree(new CommandLine(new Qoeflow()), all);
        all.add(JobOptions.commandLine());
        assertThat(all).hasSizeGreaterThan(20);
        return all;
    }

    private static void addTree(CommandLine c, List<CommandLine> all) {
        all.add(c);
        c.getSubcommands().values().forEach(s -> addTree(s, all));
    }

    /** Picocli warns through System.err, read afresh by {@link CommandLine#tracer()}. */
    private static String renderCapturingErr(CommandLine c) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(c.getUsageMessage()).startsWith("Usage: ");
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }
}
