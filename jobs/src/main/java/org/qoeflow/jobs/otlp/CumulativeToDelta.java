package org.qoeflow.jobs.otlp;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.qoeflow.otlp.CumulativeDelta;
import org.qoeflow.otlp.MetricPoint;
import org.qoeflow.otlp.SeriesState;

/**
 * Keyed by series: applies {@link CumulativeDelta} with the series' state, counting baselines,
 * resets and dropped out-of-order points. A series silent for {@code ttl} of event time loses its
 * state (an event-time timer clears it), so vanished pods do not accumulate.
 */
public final class CumulativeToDelta
        extends KeyedProcessFunction<String, MetricPoint, MetricPoint> {
    private final long ttlMs;
    private final long timerGrainMs;
    private transient ValueState<SeriesState> series;
    private transient Counter outOfOrder;
    private transient Counter resets;
    private transient Counter baselines;

    public CumulativeToDelta(Duration ttl) {
        this.ttlMs = ttl.toMillis();
        // one cleanup timer per series per grain, however often it reports
        this.timerGrainMs = Math.max(1000, ttlMs / 10);
    }

    @Override
    public void open(OpenContext openContext) {
        series =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("series", SeriesState.class));
        MetricGroup group = getRuntimeContext().getMetricGroup();
        outOfOrder = group.counter("otlp_points_out_of_order_total");
        resets = group.counter("otlp_series_resets_total");
        baselines = group.counter("otlp_series_baselines_total");
    }

    @Override
    public void processElement(MetricPoint p, Context ctx, Collector<MetricPoint> out)
            throws Exception {
        CumulativeDelta.Step step = CumulativeDelta.next(series.value(), p);
        switch (step.outcome()) {
            case OUT_OF_ORDER -> {
                outOfOrder.inc();
                return;
            }
            case RESET -> resets.inc();
            case BASELINE -> baselines.inc();
            default -> {}
        }
        series.update(step.state());
        long cleanup = (ctx.timestamp() + ttlMs) / timerGrainMs * timerGrainMs + timerGrainMs;
        ctx.timerService().registerEventTimeTimer(cleanup);
        if (step.emit() != null) {
            out.collect(step.emit());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricPoint> out)
            throws Exception {
        SeriesState s = series.value();
        if (s != null && s.timeNanos / 1_000_000L + ttlMs <= timestamp) {
            series.clear();
        }
    }
}
