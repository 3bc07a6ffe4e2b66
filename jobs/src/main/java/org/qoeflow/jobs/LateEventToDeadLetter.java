package org.qoeflow.jobs;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.qoeflow.qoe.DeadLetterReason;
import org.qoeflow.qoe.NodeWindowStats;
import org.qoeflow.qoe.NodeWindowsCodec;
import org.qoeflow.qoe.WindowCombiner;
import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * Counts events that arrived after their window's allowed lateness and keeps them as dead letters.
 */
public final class LateEventToDeadLetter extends RichMapFunction<Telemetry, DeadLetter> {
    private transient Counter late;

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("telemetry_late_events_total");
    }

    @Override
    public DeadLetter map(Telemetry t) {
        late.inc();
        return DeadLetters.of(
                TopicDescriptor.key(t.getNodeId()),
                Topics.TELEMETRY.codec().encode(t),
                Topics.TELEMETRY.name(),
                -1,
                -1,
                DeadLetterReason.LATE_EVENT.label(),
                "event_time "
                        + t.getEventTime()
                        + " arrived after its window closed and allowed lateness passed");
    }

    /**
     * Keeps a combined partial that reached the window operator after its window's allowed lateness
     * (its source input had been idle while the others moved the watermark on) as one dead letter:
     * its statistics in {@link NodeWindowsCodec#writeStats} form, the count of its events in the
     * message and in {@code telemetry_late_events_total}.
     */
    public static final class Partials extends RichMapFunction<WindowInput, DeadLetter> {
        private transient Counter late;

        @Override
        public void open(OpenContext openContext) {
            late = getRuntimeContext().getMetricGroup().counter("telemetry_late_events_total");
        }

        @Override
        public DeadLetter map(WindowInput in) throws java.io.IOException {
            WindowCombiner.Partial p = in.partial();
            NodeWindowStats s = p.stats();
            late.inc(s.requests() + s.samples());
            var bytes = new java.io.ByteArrayOutputStream();
            NodeWindowsCodec.writeStats(s, p.start(), bytes);
            return DeadLetters.of(
                    TopicDescriptor.key(p.nodeId()),
                    bytes.toByteArray(),
                    Topics.TELEMETRY.name(),
                    -1,
                    -1,
                    DeadLetterReason.LATE_EVENT.label(),
                    s.requests()
                            + " requests and "
                            + s.samples()
                            + " samples of the window starting at epoch ms "
                            + p.start()
                            + ", combined at the source, arrived after the window closed and"
                            + " allowed lateness passed (their window statistics are the value)");
        }
    }
}
