package org.qoeflow.jobs;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.qoeflow.schema.Telemetry;

/** Incrementally folds a node's telemetry into window statistics. */
public final class WindowStatsAggregate
        implements AggregateFunction<Telemetry, WindowStatsValue, WindowStatsValue> {

    @Override
    public WindowStatsValue createAccumulator() {
        return new WindowStatsValue();
    }

    @Override
    public WindowStatsValue add(Telemetry value, WindowStatsValue acc) {
        acc.stats().add(value);
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
