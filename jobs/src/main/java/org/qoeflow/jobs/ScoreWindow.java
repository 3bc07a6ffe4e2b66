package org.qoeflow.jobs;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
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
    private transient Counter scoresOut;
    private transient Histogram loadWeightPermille;
    private transient Histogram qoeIndexPermille;

    public ScoreWindow(QoeOptions options) {
        this.options = options;
    }

    @Override
    public void open(OpenContext openContext) {
        math = new QoeMath(options);
        var group = getRuntimeContext().getMetricGroup();
        scoresOut = group.counter("qoe_scores_out");
        // Histograms hold integers: scores in [0,1] are recorded in thousandths.
        loadWeightPermille =
                group.histogram("load_weight_permille", new DescriptiveStatisticsHistogram(1000));
        qoeIndexPermille =
                group.histogram("qoe_index_permille", new DescriptiveStatisticsHistogram(1000));
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
            scoresOut.inc();
            loadWeightPermille.update(Math.round(score.getLoadWeight() * 1000));
            qoeIndexPermille.update(Math.round(score.getQoeIndex() * 1000));
            out.collect(score);
        }
    }

    @Override
    public void clear(Context context) throws Exception {
        context.windowState().getState(REVISION).clear();
    }
}
