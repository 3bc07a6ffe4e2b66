package org.qoeflow.jobs;

import java.time.Duration;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.qoeflow.qoe.NodeWindowStats;
import org.qoeflow.qoe.NodeWindows;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Telemetry;

/**
 * Per-node tumbling event-time windows of telemetry, scored into {@link QoeScore}s with the stock
 * window operator's semantics (fire when the watermark passes the window's end, fire again with a
 * higher revision per event within allowed lateness, later events to {@link QoeScoringJob#LATE}),
 * but with one typed state value per node ({@link NodeWindows}) and one timer per node and window
 * time instead of a state access and two timer registrations per event.
 */
public final class NodeWindowOperator extends AbstractStreamOperator<QoeScore>
        implements OneInputStreamOperator<Telemetry, QoeScore>, Triggerable<String, VoidNamespace> {
    static final ValueStateDescriptor<NodeWindows> WINDOWS =
            new ValueStateDescriptor<>("node-windows", NodeWindowsSerializer.INSTANCE);

    private final long size;
    private final long lateness;
    private final QoeOptions options;
    private transient QoeMath math;
    private transient ValueState<NodeWindows> windows;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient RegionTierGroups<ScoreWindow.ScoreMetrics> metrics;
    private transient StreamRecord<QoeScore> reuse;

    public NodeWindowOperator(Duration size, Duration allowedLateness, QoeOptions options) {
        this.size = size.toMillis();
        this.lateness = allowedLateness.toMillis();
        this.options = options;
        if (this.size <= 0) {
            throw new IllegalArgumentException("window size must be positive, got " + size);
        }
        if (lateness < 0) {
            throw new IllegalArgumentException(
                    "allowed lateness must not be negative, got " + allowedLateness);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        math = new QoeMath(options);
        windows = getPartitionedState(WINDOWS);
        timers =
                getInternalTimerService(
                        "qoe-window-timers", VoidNamespaceSerializer.INSTANCE, this);
        metrics = new RegionTierGroups<>(getMetricGroup(), ScoreWindow.ScoreMetrics::new);
        reuse = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<Telemetry> element) throws Exception {
        long ts = element.getTimestamp();
        long start = NodeWindows.startOf(ts, size);
        long maxTs = start + size - 1;
        long watermark = timers.currentWatermark();
        if (cleanupTime(maxTs) <= watermark) {
            output.collect(QoeScoringJob.LATE, element);
            return;
        }
        NodeWindows w = windows.value();
        if (w == null) {
            w = new NodeWindows();
        }
        int i = w.indexOf(start);
        boolean opened = i < 0;
        if (opened) {
            i = w.open(start);
        }
        w.stats(i).add(element.getValue());
        if (maxTs <= watermark) {
            // within allowed lateness: the stock trigger re-fires the window per late event
            emit(w, i);
            if (opened) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, cleanupTime(maxTs));
            }
        } else if (opened) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, maxTs);
        }
        windows.update(w);
    }

    /**
     * One timer per node and time: fires the windows that end at it, registers their cleanup, and
     * drops windows whose allowed lateness has passed. Windows of one node are aligned, so a
     * cleanup time usually coincides with the next window's end and shares its timer.
     */
    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        long time = timer.getTimestamp();
        NodeWindows w = windows.value();
        if (w == null) {
            return;
        }
        for (int i = 0; i < w.size(); i++) {
            long maxTs = w.start(i) + size - 1;
            if (w.revision(i) == NodeWindows.NOT_FIRED && maxTs <= time) {
                emit(w, i);
                long cleanup = cleanupTime(maxTs);
                if (cleanup > time) {
                    timers.registerEventTimeTimer(VoidNamespace.INSTANCE, cleanup);
                }
            }
        }
        for (int i = w.size() - 1; i >= 0; i--) {
            if (cleanupTime(w.start(i) + size - 1) <= time) {
                w.remove(i);
            }
        }
        if (w.isEmpty()) {
            windows.clear();
        } else {
            windows.update(w);
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

    private void emit(NodeWindows w, int i) {
        int revision = w.fire(i);
        long start = w.start(i);
        NodeWindowStats stats = w.stats(i);
        QoeScore score = stats.toScore(start, start + size, revision, math);
        metrics.get(score.getRegion(), score.getTier().name()).record(score);
        output.collect(reuse.replace(score, start + size - 1));
    }

    private long cleanupTime(long maxTs) {
        long t = maxTs + lateness;
        return t >= maxTs ? t : Long.MAX_VALUE;
    }
}
