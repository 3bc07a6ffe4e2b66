package org.qoeflow.jobs;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.Telemetry;

/** Sends valid telemetry on and dead letters to a side output, counting both. */
public final class SplitDeadLetters extends ProcessFunction<TelemetryOrError, Telemetry> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>(
                    "dead-letters",
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetter.class));

    private transient Counter recordsIn;
    private transient Counter deadLettered;

    @Override
    public void open(OpenContext openContext) {
        var group = getRuntimeContext().getMetricGroup();
        recordsIn = group.counter("telemetry_records_total");
        deadLettered = group.counter("telemetry_dead_letters_total");
    }

    @Override
    public void processElement(TelemetryOrError value, Context ctx, Collector<Telemetry> out) {
        recordsIn.inc();
        if (value.telemetry != null) {
            out.collect(value.telemetry);
        } else {
            deadLettered.inc();
            ctx.output(DEAD_LETTERS, value.deadLetter);
        }
    }
}
