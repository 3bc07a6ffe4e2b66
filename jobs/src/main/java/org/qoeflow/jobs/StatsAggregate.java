package org.qoeflow.jobs;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Folds a node's inputs of type {@code T} (our telemetry, or OTLP delta points) into its window
 * statistics; subclasses say how one input is folded.
 */
public abstract class StatsAggregate<T>
        implements AggregateFunction<T, WindowStatsValue, WindowStatsValue> {

    /** Folds {@code value} into {@code acc}'s statistics. */
    protected abstract void fold(T value, WindowStatsValue acc);

    @Override
    public final WindowStatsValue createAccumulator() {
        return new WindowStatsValue();
    }

    @Override
    public final WindowStatsValue add(T value, WindowStatsValue acc) {
        fold(value, acc);
        return acc;
    }

    @Override
    public final WindowStatsValue getResult(WindowStatsValue acc) {
        return acc;
    }

    @Override
    public final WindowStatsValue merge(WindowStatsValue a, WindowStatsValue b) {
        a.stats().merge(b.stats());
        return a;
    }
}
