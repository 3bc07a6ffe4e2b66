package org.qoeflow.jobs.cohort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.qoeflow.cohort.CohortAnalysis;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.cohort.CohortResult;
import org.qoeflow.cohort.NodeSample;
import org.qoeflow.cohort.ShiftMonitor;
import org.qoeflow.cohort.VerdictStreaks;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.CohortVerdictKind;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/**
 * Judges every model variant cohort of one region x device class window ({@link CohortAnalysis})
 * and keeps, per variant, the count of consecutive failing windows for the stable verdict ({@link
 * VerdictStreaks}), from the nodes' full window scores (a partial score, emitted before its window
 * ended, would count its node twice). Counts of variants absent from a window are cleared; the
 * state also expires after {@code stateTtl} without a window, so a region x class that goes quiet
 * leaves nothing.
 *
 * <p>Beside it, the group check ({@link ShiftMonitor#compare}, {@link ShiftMonitor#step}): the
 * window's edge nodes against the same region x class {@link CohortOptions#shiftLagMillis()}
 * earlier, one {@link CohortVerdictKind#GROUP_SHIFT} verdict per window. The state holds one sample
 * per edge node of the windows of the last lag (the lag / window size + 1 windows, older ones
 * dropped at every window) and the group's failing-window count, both under the same TTL.
 */
public final class CohortWindow
        extends ProcessWindowFunction<QoeScore, CohortVerdict, String, TimeWindow> {
    private final CohortOptions options;
    private final Duration stateTtl;
    private transient CohortAnalysis analysis;
    private transient MapState<String, Integer> failingWindows;
    private transient ListState<Tuple3<Long, String, double[]>> pastSamples;
    private transient ValueState<Integer> shiftFailingWindows;
    private transient ShiftMonitor shift;
    private transient CohortMetrics metrics;

    public CohortWindow(CohortOptions options, Duration stateTtl) {
        this.options = options;
        this.stateTtl = stateTtl;
    }

    static MapStateDescriptor<String, Integer> streaksDescriptor(Duration ttl) {
        var d = new MapStateDescriptor<>("cohort-failing-windows", Types.STRING, Types.INT);
        d.enableTimeToLive(StateTtlConfig.newBuilder(ttl).build());
        return d;
    }

    /** The edge samples of the group's recent windows: (window start, node id, values). */
    static ListStateDescriptor<Tuple3<Long, String, double[]>> pastSamplesDescriptor(Duration ttl) {
        TypeInformation<Tuple3<Long, String, double[]>> type =
                Types.TUPLE(Types.LONG, Types.STRING, Types.PRIMITIVE_ARRAY(Types.DOUBLE));
        var d = new ListStateDescriptor<>("cohort-shift-past-samples", type);
        d.enableTimeToLive(StateTtlConfig.newBuilder(ttl).build());
        return d;
    }

    static ValueStateDescriptor<Integer> shiftStreakDescriptor(Duration ttl) {
        var d = new ValueStateDescriptor<>("cohort-shift-failing-windows", Types.INT);
        d.enableTimeToLive(StateTtlConfig.newBuilder(ttl).build());
        return d;
    }

    @Override
    public void open(OpenContext ctx) {
        analysis = new CohortAnalysis(options);
        shift = new ShiftMonitor(options);
        metrics = new CohortMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void process(
            String group, Context ctx, Iterable<QoeScore> scores, Collector<CohortVerdict> out)
            throws Exception {
        List<NodeSample> samples = new ArrayList<>();
        String region = null;
        String deviceClass = null;
        for (QoeScore s : scores) {
            if (s.getTier() == Tier.EDGE && !s.getPartial()) {
                samples.add(CohortRecords.sample(s));
                region = s.getRegion();
                deviceClass = s.getDeviceClass();
            }
        }
        if (samples.isEmpty()) {
            return;
        }
        if (failingWindows == null) {
            failingWindows = ctx.globalState().getMapState(streaksDescriptor(stateTtl));
            pastSamples = ctx.globalState().getListState(pastSamplesDescriptor(stateTtl));
            shiftFailingWindows = ctx.globalState().getState(shiftStreakDescriptor(stateTtl));
        }
        Set<String> present = new HashSet<>();
        for (CohortResult r : analysis.compare(samples)) {
            present.add(r.variant());
            Integer before = failingWindows.get(r.variant());
            var step =
                    VerdictStreaks.next(
                            before == null ? 0 : before,
                            r.windowVerdict(),
                            options.failAfterWindows());
            if (step.failingWindows() == 0) {
                failingWindows.remove(r.variant());
            } else {
                failingWindows.put(r.variant(), step.failingWindows());
            }
            metrics.record(region, deviceClass, r.variant(), step.verdict());
            out.collect(
                    CohortRecords.verdict(
                            region,
                            deviceClass,
                            ctx.window().getStart(),
                            ctx.window().getEnd(),
                            r,
                            step.failingWindows(),
                            step.verdict(),
                            CohortVerdictKind.VARIANT,
                            options));
        }
        List<String> gone = new ArrayList<>();
        for (String v : failingWindows.keys()) {
            if (!present.contains(v)) {
                gone.add(v);
            }
        }
        for (String v : gone) {
            failingWindows.remove(v);
        }
        judgeShift(region, deviceClass, ctx.window(), samples, out);
    }

    private void judgeShift(
            String region,
            String deviceClass,
            TimeWindow window,
            List<NodeSample> samples,
            Collector<CohortVerdict> out)
            throws Exception {
        long start = window.getStart();
        long lagged = start - options.shiftLagMillis();
        List<Tuple3<Long, String, double[]>> kept = new ArrayList<>();
        List<NodeSample> before = new ArrayList<>();
        Iterable<Tuple3<Long, String, double[]>> stored = pastSamples.get();
        if (stored != null) {
            for (Tuple3<Long, String, double[]> t : stored) {
                if (t.f0 > lagged && t.f0 < start) {
                    kept.add(t);
                } else if (t.f0 == lagged) {
                    before.add(new NodeSample(t.f1, ShiftMonitor.BEFORE, t.f2));
                }
            }
        }
        for (NodeSample s : samples) {
            kept.add(Tuple3.of(start, s.nodeId(), s.values().clone()));
        }
        pastSamples.update(kept);
        if (before.isEmpty()) {
            return; // the start, or a gap: nothing to compare, the streak stays (as in judge)
        }
        var result = shift.compare(samples, before);
        if (result.isEmpty()) {
            shiftFailingWindows.clear();
            return;
        }
        Integer was = shiftFailingWindows.value();
        var step = shift.step(was == null ? 0 : was, result.get());
        if (step.failingWindows() == 0) {
            shiftFailingWindows.clear();
        } else {
            shiftFailingWindows.update(step.failingWindows());
        }
        metrics.recordShift(region, deviceClass, step.verdict());
        out.collect(
                CohortRecords.verdict(
                        region,
                        deviceClass,
                        start,
                        window.getEnd(),
                        result.get(),
                        step.failingWindows(),
                        step.verdict(),
                        CohortVerdictKind.GROUP_SHIFT,
                        options));
    }
}
