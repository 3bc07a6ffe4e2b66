package org.qoeflow.controller.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ControllerEntrypointTest {
    private static ControllerEntrypoint parsed(String... args) {
        ControllerEntrypoint e = new ControllerEntrypoint();
        new CommandLine(e).parseArgs(args);
        return e;
    }

    @Test
    void decidesOnScoresWithAOneSecondGraceByDefault() {
        assertThat(parsed().decisions()).isEqualTo(DecisionTrigger.Options.DEFAULTS);
        assertThat(parsed("--decide-on", "clock", "--decision-grace", "500ms").decisions())
                .isEqualTo(new DecisionTrigger.Options(false, Duration.ofMillis(500)));
    }

    @Test
    void aBadDecisionFlagNamesItself() {
        assertThatThrownBy(() -> parsed("--decide-on", "tide").decisions())
                .hasMessageContaining("--decide-on")
                .hasMessageContaining("tide");
        assertThatThrownBy(() -> parsed("--decision-grace", "2m").decisions())
                .hasMessageContaining("--decision-grace")
                .hasMessageContaining("between 0 s and 60 s");
        assertThatThrownBy(() -> parsed("--decision-grace", "soon").decisions())
                .hasMessageContaining("--decision-grace");
    }
}
