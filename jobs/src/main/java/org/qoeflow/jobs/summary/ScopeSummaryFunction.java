package org.qoeflow.jobs.summary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.qoeflow.controller.law.NodeView;
import org.qoeflow.controller.law.ScopeSummary;
import org.qoeflow.controller.law.ScopeSummaryRecords;
import org.qoeflow.schema.OffloadScope;

/**
 * Keyed by offload scope: holds each device's latest contribution and, when the watermark passes a
 * window's end, emits the scope's {@link ScopeSummary} as of that window ({@link
 * ScopeSummaryRecords}). Devices whose latest window is older than {@code staleAfter} leave the
 * state then (and the MapState's TTL drops what no timer reaches), as they leave the controller's
 * per-device view.
 */
public final class ScopeSummaryFunction
        extends KeyedProcessFunction<String, ScopeContribution, org.qoeflow.schema.ScopeSummary> {
    private final Duration staleAfter;
    private transient MapState<String, ScopeContribution> devices;

    public ScopeSummaryFunction(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    static MapStateDescriptor<String, ScopeContribution> descriptor(Duration ttl) {
        var d =
                new MapStateDescriptor<>(
                        "scope-devices", Types.STRING, TypeInformation.of(ScopeContribution.class));
        d.enableTimeToLive(
                StateTtlConfig.newBuilder(ttl)
                        // Not the heap backend's default incremental cleanup: checking a key, it
                        // copies the key's whole map (every device of the scope, each score an Avro
                        // deep copy) and it checks on every access, so each contribution cost a
                        // copy of its scope: 95% of this operator's time at 10 k devices
                        // (docs/performance.md, "Session 7"). The timers above remove stale
                        // devices; the TTL is their backstop, applied on read and by RocksDB's
                        // compaction filter.
                        .disableCleanupInBackground()
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        return d;
    }

    @Override
    public void open(OpenContext ctx) {
        devices = getRuntimeContext().getMapState(descriptor(staleAfter.multipliedBy(2)));
    }

    @Override
    public void processElement(
            ScopeContribution c, Context ctx, Collector<org.qoeflow.schema.ScopeSummary> out)
            throws Exception {
        if (c.leaves()) {
            devices.remove(c.nodeId);
        } else {
            devices.put(c.nodeId, c);
        }
        // The window's last millisecond: the watermark that closed the window fires it, after its
        // scores (the window operator emits them before forwarding that watermark). A device's
        // last window stale-after later takes it out of the state (and the summary).
        long wm = ctx.timerService().currentWatermark();
        ctx.timerService().registerEventTimeTimer(Math.max(c.windowEnd - 1, wm + 1));
        if (!c.leaves()) {
            ctx.timerService()
                    .registerEventTimeTimer(Math.max(c.windowEnd + staleAfter.toMillis(), wm + 1));
        }
    }

    @Override
    public void onTimer(
            long timestamp, OnTimerContext ctx, Collector<org.qoeflow.schema.ScopeSummary> out)
            throws Exception {
        long at = timestamp + 1;
        OffloadScope scope = OffloadScope.parse(ctx.getCurrentKey()).orElseThrow();
        ScopeSummary summary = new ScopeSummary(scope, at);
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, ScopeContribution> e : devices.entries()) {
            NodeView v = NodeView.of(e.getValue().score);
            if (v.windowEnd() < at - staleAfter.toMillis()) {
                gone.add(e.getKey());
            } else if (v.windowEnd() <= at) {
                summary.add(v, e.getValue().applied);
            }
        }
        for (String node : gone) {
            devices.remove(node);
        }
        if (!summary.parts().isEmpty()) {
            out.collect(ScopeSummaryRecords.toAvro(summary));
        }
    }
}
