package org.qoeflow.jobs.summary;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple4;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.qoeflow.schema.OffloadScope;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/**
 * Keyed by node: turns an edge device's newer scores into contributions to its offload scope, and a
 * change of scope (a variant rolled back, a device moved) into a retraction from the old one, so
 * that a device counts in its latest scope only, as in the controller's per-device view. Older
 * scores and revisions only raise the applied control version. State (scope, window end, revision,
 * applied) lives for {@code ttl} after its last write.
 */
public final class ScopeMembershipFunction
        extends KeyedProcessFunction<String, QoeScore, ScopeContribution> {
    private final Duration ttl;
    private transient ValueState<Tuple4<String, Long, Integer, Long>> held;

    public ScopeMembershipFunction(Duration ttl) {
        this.ttl = ttl;
    }

    static ValueStateDescriptor<Tuple4<String, Long, Integer, Long>> descriptor(Duration ttl) {
        TypeInformation<Tuple4<String, Long, Integer, Long>> type =
                Types.TUPLE(Types.STRING, Types.LONG, Types.INT, Types.LONG);
        var d = new ValueStateDescriptor<>("scope-membership", type);
        d.enableTimeToLive(StateTtlConfig.newBuilder(ttl).build());
        return d;
    }

    @Override
    public void open(OpenContext ctx) {
        held = getRuntimeContext().getState(descriptor(ttl));
    }

    @Override
    public void processElement(QoeScore s, Context ctx, Collector<ScopeContribution> out)
            throws Exception {
        if (s.getTier() != Tier.EDGE) {
            return;
        }
        String scope = OffloadScope.scope(s.getRegion(), s.getDeviceClass(), s.getModelVariant());
        long end = s.getWindowEnd().toEpochMilli();
        Tuple4<String, Long, Integer, Long> h = held.value();
        long applied = Math.max(h == null ? 0 : h.f3, s.getAppliedControlVersion());
        boolean newer = h == null || end > h.f1 || (end == h.f1 && s.getRevision() > h.f2);
        if (!newer) {
            held.update(Tuple4.of(h.f0, h.f1, h.f2, applied));
            return;
        }
        if (h != null && !h.f0.equals(scope)) {
            out.collect(new ScopeContribution(h.f0, s.getNodeId(), null, applied, end));
        }
        held.update(Tuple4.of(scope, end, s.getRevision(), applied));
        out.collect(new ScopeContribution(scope, s.getNodeId(), s, applied, end));
    }
}
