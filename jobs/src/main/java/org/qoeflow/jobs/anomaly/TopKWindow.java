package org.qoeflow.jobs.anomaly;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.qoeflow.schema.AnomalyTopK;
import org.qoeflow.schema.RankedNode;
import org.qoeflow.schema.Tier;

/** Emits a region's top-k as a record ranked by likelihood, highest first. */
public final class TopKWindow
        extends ProcessWindowFunction<TopKAccumulator, AnomalyTopK, String, TimeWindow> {
    @Override
    public void process(
            String region,
            Context ctx,
            Iterable<TopKAccumulator> elements,
            Collector<AnomalyTopK> out) {
        for (TopKAccumulator acc : elements) {
            List<RankedNode> nodes = new ArrayList<>();
            for (int i = 0; i < acc.nodeIds.length; i++) {
                nodes.add(
                        new RankedNode(
                                acc.nodeIds[i],
                                Tier.valueOf(acc.tiers[i]),
                                acc.likelihoods[i],
                                acc.alerts[i]));
            }
            nodes.sort(Comparator.comparingDouble(RankedNode::getLikelihood).reversed());
            out.collect(
                    new AnomalyTopK(region, Instant.ofEpochMilli(ctx.window().getEnd()), nodes));
        }
    }
}
