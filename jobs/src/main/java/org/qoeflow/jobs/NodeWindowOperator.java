package org.qoeflow.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.qoeflow.qoe.EarlyScoreRule;
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
 *
 * <p>Its input is mostly {@link WindowInput} partials, each node's events of a window combined
 * before the shuffle ({@link CombineWindowsOperator}), merged into the window as its events would
 * have been added; events the combiner did not take (the watermark had passed their window) come
 * one by one and take the late and allowed-lateness paths above.
 *
 * <p>A window that already shows a degradation before it ends ({@link EarlyScoreRule}, against the
 * node's previous window) gets one partial score at once, on the event ({@link QoeScore#getPartial}
 * true, revision 0); its full score at the window's end is then revision 1.
 *
 * <p>A partial marked {@link org.qoeflow.qoe.WindowCombiner.Partial#nodeMovedOn} (the node sent an
 * event of its next window, {@link QoeOptions#closeOnNodeProgress}) closes its window at once: the
 * full score goes then, not when the watermark passes the window's end, and whatever still comes
 * for the window before its cleanup re-fires it with a higher revision.
 */
public final class NodeWindowOperator extends AbstractStreamOperator<QoeScore>
        implements OneInputStreamOperator<WindowInput, QoeScore>,
                Triggerable<String, VoidNamespace> {
    static final ValueStateDescriptor<NodeWindows> WINDOWS =
            new ValueStateDescriptor<>("node-windows", NodeWindowsSerializer.INSTANCE);

    /** Per window start, a {@link NodeWindows} holding that one window (non-heap backends). */
    static final MapStateDescriptor<Long, NodeWindows> WINDOW_BY_START =
            new MapStateDescriptor<>(
                    "node-window-by-start",
                    LongSerializer.INSTANCE,
                    NodeWindowsSerializer.INSTANCE);

    private final long size;
    private final long lateness;
    private final QoeOptions options;
    private final boolean perWindow;
    private transient QoeMath math;
    private transient EarlyScoreRule early;
    private transient ValueState<NodeWindows> windows;
    private transient MapState<Long, NodeWindows> byStart;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient RegionTierGroups<ScoreWindow.ScoreMetrics> metrics;
    private transient StreamRecord<QoeScore> reuse;
    private transient StreamRecord<Telemetry> reuseLate;

    /**
     * @param perWindow one state entry per node and window instead of one per node: for state
     *     backends that serialize on every access (RocksDB), so an event reads and writes only its
     *     own window, not every window the node has open
     */
    public NodeWindowOperator(
            Duration size, Duration allowedLateness, QoeOptions options, boolean perWindow) {
        this.size = size.toMillis();
        this.lateness = allowedLateness.toMillis();
        this.options = options;
        this.perWindow = perWindow;
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
        early = new EarlyScoreRule(options);
        if (perWindow) {
            byStart = getPartitionedState(WINDOW_BY_START);
        } else {
            windows = getPartitionedState(WINDOWS);
        }
        timers =
                getInternalTimerService(
                        "qoe-window-timers", VoidNamespaceSerializer.INSTANCE, this);
        metrics = new RegionTierGroups<>(getMetricGroup(), ScoreWindow.ScoreMetrics::new);
        reuse = new StreamRecord<>(null);
        reuseLate = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<WindowInput> element) throws Exception {
        WindowInput in = element.getValue();
        Telemetry event = in.event();
        long start =
                event != null
                        ? NodeWindows.startOf(element.getTimestamp(), size)
                        : in.partial().start();
        long maxTs = start + size - 1;
        long watermark = timers.currentWatermark();
        if (cleanupTime(maxTs) <= watermark) {
            if (event != null) {
                output.collect(
                        QoeScoringJob.LATE, reuseLate.replace(event, element.getTimestamp()));
            } else {
                // its source input was idle while the others moved the watermark past the window
                output.collect(
                        QoeScoringJob.LATE_PARTIALS,
                        new StreamRecord<>(in, element.getTimestamp()));
            }
            return;
        }
        NodeWindows w = perWindow ? byStart.get(start) : windows.value();
        if (w == null) {
            w = new NodeWindows();
        }
        int i = w.indexOf(start);
        boolean opened = i < 0;
        if (opened) {
            i = w.open(start);
        }
        NodeWindowStats stats = w.stats(i);
        long failuresBefore = stats.failures();
        long outcomesBefore = stats.outcomes();
        if (event != null) {
            stats.add(event);
        } else {
            stats.merge(in.partial().stats());
        }
        boolean movedOn = event == null && in.partial().nodeMovedOn();
        if (maxTs <= watermark) {
            // within allowed lateness: the stock trigger re-fires the window per late event
            emit(w, i);
            if (opened) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, cleanupTime(maxTs));
            }
        } else if (w.closed(i)) {
            // closed on the node's progress: what still comes re-fires it, as within lateness
            if (!movedOn || !isEmpty(in.partial().stats())) {
                emit(w, i);
            }
        } else if (movedOn) {
            // the node sent an event of its next window: its events of this one are in
            emit(w, i);
            // the timer at the window's end skips a closed window, so its cleanup goes here
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, cleanupTime(maxTs));
        } else {
            if (opened) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, maxTs);
            }
            if (w.partials(i) < EarlyScoreRule.MAX_PARTIALS
                    && early.mayHaveDegraded(
                            failuresBefore, outcomesBefore, stats.failures(), stats.outcomes())
                    && early.degraded(stats, previous(w, start))) {
                emitPartial(w, i);
            }
        }
        if (perWindow) {
            byStart.put(start, w);
        } else {
            windows.update(w);
        }
    }

    private static boolean isEmpty(NodeWindowStats s) {
        return s.requests() == 0 && s.samples() == 0 && s.duplicates() == 0;
    }

    /** The node's window before the one starting at {@code start}, or null. */
    private NodeWindowStats previous(NodeWindows w, long start) throws Exception {
        NodeWindows held = perWindow ? byStart.get(start - size) : w;
        if (held == null) {
            return null;
        }
        int j = held.indexOf(start - size);
        return j < 0 ? null : held.stats(j);
    }

    /**
     * One timer per node and time: fires the windows that end at it, registers their cleanup, and
     * drops windows whose allowed lateness has passed. Windows of one node are aligned, so a
     * cleanup time usually coincides with the next window's end and shares its timer.
     */
    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        long time = timer.getTimestamp();
        if (!perWindow) {
            NodeWindows w = windows.value();
            if (w != null && advance(w, time)) {
                if (w.isEmpty()) {
                    windows.clear();
                } else {
                    windows.update(w);
                }
            }
            return;
        }
        List<Long> gone = new ArrayList<>();
        List<Map.Entry<Long, NodeWindows>> changed = new ArrayList<>();
        for (Map.Entry<Long, NodeWindows> e : byStart.entries()) {
            NodeWindows w = e.getValue();
            if (advance(w, time)) {
                if (w.isEmpty()) {
                    gone.add(e.getKey());
                } else {
                    changed.add(Map.entry(e.getKey(), w));
                }
            }
        }
        for (Long start : gone) {
            byStart.remove(start);
        }
        for (Map.Entry<Long, NodeWindows> e : changed) {
            byStart.put(e.getKey(), e.getValue());
        }
    }

    /**
     * Fires the windows of {@code w} that end at {@code time}, registers their cleanup, and drops
     * windows whose allowed lateness has passed; returns whether {@code w} changed.
     */
    private boolean advance(NodeWindows w, long time) {
        boolean changed = false;
        for (int i = 0; i < w.size(); i++) {
            long maxTs = w.start(i) + size - 1;
            if (!w.closed(i) && maxTs <= time) {
                emit(w, i);
                changed = true;
                long cleanup = cleanupTime(maxTs);
                if (cleanup > time) {
                    timers.registerEventTimeTimer(VoidNamespace.INSTANCE, cleanup);
                }
            }
        }
        for (int i = w.size() - 1; i >= 0; i--) {
            if (cleanupTime(w.start(i) + size - 1) <= time) {
                w.remove(i);
                changed = true;
            }
        }
        return changed;
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

    private void emitPartial(NodeWindows w, int i) {
        int revision = w.firePartial(i);
        long start = w.start(i);
        QoeScore score = w.stats(i).toScore(start, start + size, revision, math);
        score.setPartial(true);
        metrics.get(score.getRegion(), score.getTier().name()).recordPartial();
        output.collect(reuse.replace(score, start + size - 1));
    }

    private long cleanupTime(long maxTs) {
        long t = maxTs + lateness;
        return t >= maxTs ? t : Long.MAX_VALUE;
    }
}
