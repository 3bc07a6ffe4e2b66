package org.qoeflow.jobs.otlp;

import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.qoeflow.jobs.SplitDeadLetters;
import org.qoeflow.otlp.MetricPoint;
import org.qoeflow.qoe.DeadLetterReason;

/**
 * Sends mapped OTLP points on and dead letters to {@link SplitDeadLetters#DEAD_LETTERS}, counting
 * points ({@code otlp_points_total}) and dead letters per reason ({@code otlp_dead_letters_total}).
 */
public final class SplitOtlpDeadLetters extends ProcessFunction<OtlpRecord, MetricPoint> {
    private transient Counter points;
    private transient Map<DeadLetterReason, Counter> deadLettered;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = getRuntimeContext().getMetricGroup();
        points = group.counter("otlp_points_total");
        deadLettered = SplitDeadLetters.reasonCounters(group, "otlp_dead_letters_total");
    }

    @Override
    public void processElement(OtlpRecord value, Context ctx, Collector<MetricPoint> out) {
        if (value.point != null) {
            points.inc();
            out.collect(value.point);
        } else {
            deadLettered.get(DeadLetterReason.ofLabel(value.deadLetter.getErrorClass())).inc();
            ctx.output(SplitDeadLetters.DEAD_LETTERS, value.deadLetter);
        }
    }
}
