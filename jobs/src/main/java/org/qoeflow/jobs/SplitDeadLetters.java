package org.qoeflow.jobs;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.qoeflow.qoe.DeadLetterReason;
import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.Telemetry;

/**
 * Sends valid telemetry on and dead letters to a side output, counting records, dead letters per
 * reason (label {@code reason}, one of {@link DeadLetterReason}) and clamped fast-clock events.
 */
public final class SplitDeadLetters extends ProcessFunction<TelemetryOrError, Telemetry> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private transient Counter recordsIn;
    private transient Counter clamped;
    private transient Map<DeadLetterReason, Counter> deadLettered;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = getRuntimeContext().getMetricGroup();
        recordsIn = group.counter("telemetry_records_total");
        clamped = group.counter("telemetry_clock_clamped_total");
        deadLettered = reasonCounters(group, "telemetry_dead_letters_total");
    }

    /** One counter per reason, registered up front so every series exists from the start. */
    public static Map<DeadLetterReason, Counter> reasonCounters(MetricGroup group, String name) {
        Map<DeadLetterReason, Counter> counters = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason r : DeadLetterReason.values()) {
            counters.put(r, group.addGroup("reason", r.label()).counter(name));
        }
        return counters;
    }

    @Override
    public void processElement(TelemetryOrError value, Context ctx, Collector<Telemetry> out) {
        recordsIn.inc();
        if (value.telemetry != null) {
            if (value.clamped) {
                clamped.inc();
            }
            out.collect(value.telemetry);
        } else {
            deadLettered.get(DeadLetterReason.ofLabel(value.deadLetter.getErrorClass())).inc();
            ctx.output(DEAD_LETTERS, value.deadLetter);
        }
    }
}
