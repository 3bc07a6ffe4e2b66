package org.qoeflow.jobs.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.qoeflow.anomaly.StatefulDetector;
import org.qoeflow.anomaly.step.AnomalyStep;
import org.qoeflow.anomaly.step.ModelRegistry;
import org.qoeflow.anomaly.step.NodeAnomalyState;
import org.qoeflow.jobs.RegionTierGroups;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.ModelUpdate;
import org.qoeflow.schema.QoeScore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores each node's QoE window with the anomaly detector, one step per window (partial scores of a
 * window that has not ended are skipped: its full score follows). Models arrive as broadcast state
 * and apply to the next step without a restart; a node's state is dropped after {@code stateTtl} of
 * event time without a window.
 */
public final class AnomalyScorer
        extends KeyedBroadcastProcessFunction<String, QoeScore, ModelUpdate, AnomalyScore> {
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyScorer.class);
    public static final String ALL_CLASSES = "*";

    public static final MapStateDescriptor<String, ModelUpdate> MODELS =
            new MapStateDescriptor<>(
                    "anomaly-models", Types.STRING, TypeInformation.of(ModelUpdate.class));
    private static final ValueStateDescriptor<NodeAnomalyState> NODE =
            new ValueStateDescriptor<>("node-anomaly", NodeAnomalyStateSerializer.INSTANCE);

    private final Duration stateTtl;
    private final boolean liveDetectors;
    private final AnomalyStep step;
    private transient ModelRegistry registry;
    private transient ValueState<NodeAnomalyState> nodeState;
    private transient Counter scored;
    private transient Counter revisionsSkipped;
    private transient Counter alerts;
    private transient Counter rejectedModels;
    private transient RegionTierGroups<AtomicLong> alertGroups;
    private transient Map<String, AtomicLong> inAlert;

    /**
     * @param liveDetectors each node keeps its own detector object in state (for a heap state
     *     backend: no byte round trip per window, ~12-17 KB of heap per node instead of ~4 KB);
     *     otherwise one detector per model restores and snapshots each node's bytes per window
     */
    public AnomalyScorer(Duration stateTtl, boolean liveDetectors) {
        this.stateTtl = stateTtl;
        this.liveDetectors = liveDetectors;
        this.step = new AnomalyStep();
    }

    @Override
    public void open(OpenContext ctx) {
        registry = new ModelRegistry();
        nodeState = getRuntimeContext().getState(NODE);
        var metrics = getRuntimeContext().getMetricGroup();
        alertGroups =
                new RegionTierGroups<>(
                        metrics,
                        g -> {
                            AtomicLong c = new AtomicLong();
                            g.gauge("nodes_in_alert", (Gauge<Long>) c::get);
                            return c;
                        });
        scored = metrics.counter("anomaly_scores_total");
        revisionsSkipped = metrics.counter("anomaly_revisions_skipped_total");
        alerts = metrics.counter("anomaly_alerts_total");
        rejectedModels = metrics.counter("anomaly_models_rejected_total");
        inAlert = new HashMap<>();
    }

    @Override
    public void processElement(QoeScore s, ReadOnlyContext ctx, Collector<AnomalyScore> out)
            throws Exception {
        if (s.getPartial()) {
            return; // the window's full score follows: one detector step per window
        }
        ModelUpdate model = modelFor(ctx.getBroadcastState(MODELS), s.getDeviceClass());
        String version = model == null ? ModelRegistry.BUILT_IN_VERSION : model.getModelVersion();
        StatefulDetector detector = detectorFor(model);
        String used = detector == registry.builtIn() ? ModelRegistry.BUILT_IN_VERSION : version;

        NodeAnomalyState st = nodeState.value();
        if (st == null) {
            st = new NodeAnomalyState();
        } else if (s.getWindowEnd().toEpochMilli() <= st.lastWindowEnd) {
            // a revision of a window stepped already (late events, or events after the window
            // closed on its node's progress), or an older window: one step per window, in order
            revisionsSkipped.inc();
            return;
        }
        boolean wasAlert = st.alert;
        AnomalyScore result =
                liveDetectors
                        ? step.scoreLive(() -> registry.newDetector(used), version, st, s)
                        : step.score(detector, version, st, s);
        trackAlert(s, wasAlert, result.getAlert());
        st.lastWindowEnd = Math.max(st.lastWindowEnd, s.getWindowEnd().toEpochMilli());
        if (st.cleanupTimer == 0) {
            // one coarse timer: when it fires early (a newer window came), it moves itself on
            st.cleanupTimer = st.lastWindowEnd + stateTtl.toMillis();
            ctx.timerService().registerEventTimeTimer(st.cleanupTimer);
        }
        nodeState.update(st);

        scored.inc();
        if (result.getAlert()) {
            alerts.inc();
        }
        out.collect(result);
    }

    private StatefulDetector detectorFor(ModelUpdate model) {
        if (model == null) {
            return registry.builtIn();
        }
        try {
            return registry.of(model);
        } catch (RuntimeException e) {
            // Validated on arrival; a failure here falls back rather than failing the job.
            return registry.builtIn();
        }
    }

    private static ModelUpdate modelFor(
            ReadOnlyBroadcastState<String, ModelUpdate> models, String cls) throws Exception {
        ModelUpdate specific = models.get(cls);
        return specific != null ? specific : models.get(ALL_CLASSES);
    }

    private void trackAlert(QoeScore s, boolean was, boolean is) {
        // Registered on the first score of a (region, tier), so the series exists at 0.
        AtomicLong count =
                inAlert.computeIfAbsent(
                        alertGroup(s), g -> alertGroups.get(s.getRegion(), s.getTier().name()));
        if (was != is) {
            count.addAndGet(is ? 1 : -1);
        }
    }

    private static String alertGroup(QoeScore s) {
        return s.getRegion() + "|" + s.getTier();
    }

    @Override
    public void processBroadcastElement(ModelUpdate m, Context ctx, Collector<AnomalyScore> out)
            throws Exception {
        try {
            registry.of(m); // parse and check now, so a bad model never replaces a good one
        } catch (RuntimeException e) {
            rejectedModels.inc();
            LOG.warn(
                    "rejected model {} for scope {}: {}",
                    m.getModelVersion(),
                    m.getScope(),
                    e.getMessage());
            return;
        }
        BroadcastState<String, ModelUpdate> models = ctx.getBroadcastState(MODELS);
        models.put(m.getScope(), m);
        LOG.info(
                "model {} now scores scope {} (from {})",
                m.getModelVersion(),
                m.getScope(),
                Instant.now());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AnomalyScore> out)
            throws Exception {
        NodeAnomalyState st = nodeState.value();
        if (st == null || st.cleanupTimer != timestamp) {
            return;
        }
        long due = st.lastWindowEnd + stateTtl.toMillis();
        if (due > timestamp) {
            st.cleanupTimer = due;
            ctx.timerService().registerEventTimeTimer(due);
            nodeState.update(st);
            return;
        }
        if (st.alert) {
            AtomicLong c = inAlert.get(st.group);
            if (c != null) {
                c.decrementAndGet();
            }
        }
        nodeState.clear();
    }
}
