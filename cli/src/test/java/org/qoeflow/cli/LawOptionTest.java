package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code qoeflow controller}, {@code sim} and {@code replay} take the same {@code --law} option and
 * reject a bad name or value before they start anything, naming it.
 */
class LawOptionTest {
    private static final List<String> COMMANDS = List.of("controller", "sim", "replay");

    @Test
    void controllerSimAndReplayShareOneLawOption() {
        CommandLine root = new CommandLine(new Qoeflow());
        OptionSpec first =
                root.getSubcommands().get("controller").getCommandSpec().findOption("--law");
        assertThat(first).isNotNull();
        assertThat(first.isMultiValue()).isTrue();
        for (String name : COMMANDS) {
            OptionSpec law = root.getSubcommands().get(name).getCommandSpec().findOption("--law");
            assertThat(law).as(name).isNotNull();
            assertThat(law.description()).as(name).isEqualTo(first.description());
        }
    }

    @Test
    void anUnknownNameIsAUsageErrorListingTheKnownNames() {
        for (String[] args :
                List.of(
                        new String[] {"controller", "--law", "cloudOverloadLoad=0.8"},
                        new String[] {
                            "sim", "--scenario", "traffic-peak", "--law", "cloudOverloadLoad=0.8"
                        },
                        new String[] {
                            "replay", "--telemetry", "missing.bin", "--law", "cloudOverloadLoad=0.8"
                        })) {
            Run r = run(args);
            assertThat(r.exit).as(args[0]).isEqualTo(2);
            assertThat(r.err)
                    .as(args[0])
                    .contains("unknown law option 'cloudOverloadLoad'")
                    .contains("slaMs");
        }
    }

    @Test
    void aValueOutOfRangeIsAUsageErrorWithTheRange() {
        Run controller = run("controller", "--law", "successFloor=2");
        assertThat(controller.exit).isEqualTo(2);
        assertThat(controller.err).contains("successFloor must be in [0, 1], got 2.0");

        Run sim = run("sim", "--scenario", "traffic-peak", "--law", "routingGain=5");
        assertThat(sim.exit).isEqualTo(2);
        assertThat(sim.err).contains("--law routingGain=5: routingGain must be in [");

        Run replay = run("replay", "--telemetry", "missing.bin", "--law", "staleWindows=two");
        assertThat(replay.exit).isEqualTo(2);
        assertThat(replay.err).contains("staleWindows must be a whole number, got 'two'");
    }

    private record Run(int exit, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Qoeflow());
        cmd.setErr(new PrintWriter(err, true));
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cmd.execute(args);
        return new Run(exit, err.toString());
    }
}
