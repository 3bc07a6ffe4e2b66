package org.qoeflow.jobs;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.qoeflow.qoe.DeadLetterReason;
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
}
