package org.qoeflow.controller.law;

import static org.qoeflow.common.Checks.inRange;
import static org.qoeflow.common.Checks.positive;

import java.time.Duration;

/**
 * The control loop's pace, read by {@link ControlLaw} and the controller's executor; validated at
 * construction.
 *
 * @param decisionInterval how often the law runs
 * @param window the QoE window length
 * @param staleAfter a node's latest score older than this is ignored
 * @param staleWindows a scope without a fresh score for this many windows falls back to defaults
 * @param validity how long a control update stays valid
 * @param regionScopes publish {@code offload/<region>/<class>/<variant>} scopes; false keeps the
 *     class-wide {@code offload/<class>} scopes (demo, end-to-end test)
 */
public record LoopOptions(
        Duration decisionInterval,
        Duration window,
        Duration staleAfter,
        int staleWindows,
        Duration validity,
        boolean regionScopes) {

    public static final LoopOptions DEFAULTS =
            new LoopOptions(
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(30),
                    2,
                    Duration.ofMinutes(2),
                    true);

    public LoopOptions {
        positive("decisionInterval", decisionInterval);
        positive("window", window);
        positive("staleAfter", staleAfter);
        inRange("staleWindows", staleWindows, 1, 100);
        positive("validity", validity);
    }

    /** How long a scope may go without a fresh score before it falls back. */
    public long staleAfterMillis() {
        return window.toMillis() * staleWindows;
    }
}
