package org.qoeflow.jobs;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.QoeScore;

/**
 * Turns a node's window statistics into a {@link QoeScore}; a window re-fired by late events is
 * emitted again with a higher revision.
 */
public final class ScoreWindow
        extends ProcessWindowFunction<WindowStatsValue, QoeScore, String, TimeWindow> {
    private static final ValueStateDescriptor<Integer> REVISION =
            new ValueStateDescriptor<>("revision", Integer.class);

    private final QoeOptions options;
    private transient QoeMath math;
    private transient RegionTierGroups<ScoreMetrics> metrics;

    public ScoreWindow(QoeOptions options) {
        this.options = options;
    }

    @Override
    public void open(OpenContext openContext) {
        math = new QoeMath(options);
        metrics = new RegionTierGroups<>(getRuntimeContext().getMetricGroup(), ScoreMetrics::new);
    }

    @Override
    public void process(
            String nodeId,
            Context context,
            Iterable<WindowStatsValue> elements,
            Collector<QoeScore> out)
            throws Exception {
        ValueState<Integer> revisionState = context.windowState().getState(REVISION);
        Integer previous = revisionState.value();
        int revision = previous == null ? 0 : previous + 1;
        revisionState.update(revision);
        TimeWindow w = context.window();
        for (WindowStatsValue acc : elements) {
            QoeScore score = acc.stats().toScore(w.getStart(), w.getEnd(), revision, math);
            metrics.get(score.getRegion(), score.getTier().name()).record(score);
            out.collect(score);
        }
    }

    @Override
    public void clear(Context context) throws Exception {
        context.windowState().getState(REVISION).clear();
    }

    /**
     * Scores emitted for one (region, tier) and the running sums of their QoE index and load
     * weight, so Prometheus computes means over any range as {@code rate(sum) / rate(total)};
     * partial scores (a window's early score before it closes) are counted apart and stay out of
     * the sums, so the means are over full window scores.
     */
    static final class ScoreMetrics {
        final Counter scores;
        final Counter partials;
        private double qoeIndexSum;
        private double loadWeightSum;

        ScoreMetrics(MetricGroup group) {
            scores = group.counter("qoe_scores_total");
            partials = group.counter("qoe_partial_scores_total");
            group.gauge("qoe_index_sum", (Gauge<Double>) () -> qoeIndexSum);
            group.gauge("load_weight_sum", (Gauge<Double>) () -> loadWeightSum);
        }

        void record(QoeScore score) {
            scores.inc();
            qoeIndexSum += score.getQoeIndex();
            loadWeightSum += score.getLoadWeight();
        }

        void recordPartial() {
            partials.inc();
        }
    }
}
