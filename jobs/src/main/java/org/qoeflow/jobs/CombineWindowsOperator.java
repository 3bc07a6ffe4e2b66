package org.qoeflow.jobs;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.qoe.WindowCombiner;
import org.qoeflow.schema.Telemetry;

/**
 * Chained after the source, before the keyBy: combines each node's events of a window into partials
 * ({@link WindowCombiner}), so the shuffle and the window state carry about one record per node and
 * window instead of every event. Sends a window's partials before passing on the watermark that
 * closes it, and every pending partial before a checkpoint barrier (so it holds no state of its own
 * in a checkpoint) and before its input goes idle.
 */
public final class CombineWindowsOperator extends AbstractStreamOperator<WindowInput>
        implements OneInputStreamOperator<Telemetry, WindowInput> {
    /**
     * Node-windows held per subtask at most (a few hundred bytes of heap each for a device's few
     * events, up to a few KB once its latencies are sketches): about one window of 500 k nodes;
     * past it the oldest window is sent early.
     */
    static final int MAX_WINDOWS = 500_000;

    private final long size;
    private final QoeOptions options;
    private transient WindowCombiner combiner;
    private transient StreamRecord<WindowInput> reuse;
    private transient Consumer<WindowCombiner.Partial> send;
    private transient Counter partials;

    public CombineWindowsOperator(Duration size, QoeOptions options) {
        this.size = size.toMillis();
        this.options = options;
    }

    @Override
    public void open() throws Exception {
        super.open();
        combiner = new WindowCombiner(size, options, MAX_WINDOWS);
        reuse = new StreamRecord<>(null);
        partials = getMetricGroup().counter("qoe_window_partials_total");
        getMetricGroup().gauge("qoe_window_combined_windows", () -> combiner.windows());
        send =
                p -> {
                    partials.inc();
                    output.collect(reuse.replace(WindowInput.of(p), p.start()));
                };
    }

    @Override
    public void processElement(StreamRecord<Telemetry> element) {
        Telemetry t = element.getValue();
        if (!combiner.add(t, element.getTimestamp(), send)) {
            output.collect(reuse.replace(WindowInput.of(t), element.getTimestamp()));
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        combiner.advance(mark.getTimestamp(), send);
        super.processWatermark(mark);
    }

    /**
     * Going idle, this input stops holding the window operator's watermark back: it may then jump
     * past windows whose partials are still here, so they go first.
     */
    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle()) {
            combiner.flushAll(send);
        }
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        combiner.flushAll(send);
    }

    @Override
    public void finish() throws Exception {
        combiner.flushAll(send);
        super.finish();
    }
}
