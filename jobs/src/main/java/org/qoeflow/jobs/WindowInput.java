package org.qoeflow.jobs;

import java.util.Objects;
import org.qoeflow.qoe.WindowCombiner;
import org.qoeflow.schema.Telemetry;

/**
 * What the window operator takes in, keyed by node: one admitted event as it arrived (the watermark
 * had already passed its window where it was combined, so the window state's late and
 * allowed-lateness handling sees it), or a combined {@link WindowCombiner.Partial} of a node's
 * window. Exactly one of the two is set.
 */
public record WindowInput(Telemetry event, WindowCombiner.Partial partial) {
    public WindowInput {
        if ((event == null) == (partial == null)) {
            throw new IllegalArgumentException("a window input is either an event or a partial");
        }
    }

    static WindowInput of(Telemetry event) {
        return new WindowInput(Objects.requireNonNull(event, "event"), null);
    }

    static WindowInput of(WindowCombiner.Partial partial) {
        return new WindowInput(null, Objects.requireNonNull(partial, "partial"));
    }

    /** The node this input belongs to: the key of the window state. */
    public String nodeId() {
        return event != null ? event.getNodeId() : partial.nodeId();
    }
}
