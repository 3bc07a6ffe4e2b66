package org.qoeflow.jobs.cohort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.qoeflow.cohort.CohortAnalysis;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.cohort.CohortResult;
import org.qoeflow.cohort.NodeSample;
import org.qoeflow.cohort.VerdictStreaks;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/**
 * Judges every model variant cohort of one region x device class window ({@link CohortAnalysis})
 * and keeps, per variant, the count of consecutive failing windows for the stable verdict ({@link
 * VerdictStreaks}). Counts of variants absent from a window are cleared; the state also expires
 * after {@code stateTtl} without a window, so a region x class that goes quiet leaves nothing.
 */
public final class CohortWindow
        extends ProcessWindowFunction<QoeScore, CohortVerdict, String, TimeWindow> {
    private final CohortOptions options;
    private final Duration stateTtl;
    private transient CohortAnalysis analysis;
    private transient MapState<String, Integer> failingWindows;
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

    @Override
    public void open(OpenContext ctx) {
        analysis = new CohortAnalysis(options);
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
            if (s.getTier() == Tier.EDGE) {
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
    }
}
