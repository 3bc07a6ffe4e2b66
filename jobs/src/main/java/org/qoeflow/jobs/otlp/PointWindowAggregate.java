package org.qoeflow.jobs.otlp;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.qoeflow.jobs.WindowStatsValue;
import org.qoeflow.otlp.MetricPoint;
import org.qoeflow.otlp.PointFolder;

/** Incrementally folds a node's delta points into window statistics. */
public final class PointWindowAggregate
        implements AggregateFunction<MetricPoint, WindowStatsValue, WindowStatsValue> {

    @Override
    public WindowStatsValue createAccumulator() {
        return new WindowStatsValue();
    }

    @Override
    public WindowStatsValue add(MetricPoint value, WindowStatsValue acc) {
        PointFolder.fold(acc.stats(), value);
        return acc;
    }

    @Override
    public WindowStatsValue getResult(WindowStatsValue acc) {
        return acc;
    }

    @Override
    public WindowStatsValue merge(WindowStatsValue a, WindowStatsValue b) {
        a.stats().merge(b.stats());
        return a;
    }
}
