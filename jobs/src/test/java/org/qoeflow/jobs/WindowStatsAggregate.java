package org.qoeflow.jobs;

import org.qoeflow.schema.Telemetry;

/** Incrementally folds a node's telemetry into window statistics. */
public final class WindowStatsAggregate extends StatsAggregate<Telemetry> {
    @Override
    protected void fold(Telemetry value, WindowStatsValue acc) {
        acc.stats().add(value);
    }
}
