package org.qoeflow.jobs.anomaly;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.qoeflow.common.Checks;
import org.qoeflow.schema.AnomalyScore;

/** Keeps the k most anomalous nodes of a region's window. */
public final class TopKAggregate
        implements AggregateFunction<AnomalyScore, TopKAccumulator, TopKAccumulator> {
    private final int k;

    public TopKAggregate(int k) {
        this.k = (int) Checks.atLeast("top-k", k, 1);
    }

    @Override
    public TopKAccumulator createAccumulator() {
        return new TopKAccumulator();
    }

    @Override
    public TopKAccumulator add(AnomalyScore s, TopKAccumulator acc) {
        acc.region = s.getRegion();
        acc.offer(s.getNodeId(), s.getTier().name(), s.getLikelihood(), s.getAlert(), k);
        return acc;
    }

    @Override
    public TopKAccumulator getResult(TopKAccumulator acc) {
        return acc;
    }

    @Override
    public TopKAccumulator merge(TopKAccumulator a, TopKAccumulator b) {
        for (int i = 0; i < b.nodeIds.length; i++) {
            a.offer(b.nodeIds[i], b.tiers[i], b.likelihoods[i], b.alerts[i], k);
        }
        return a;
    }
}
