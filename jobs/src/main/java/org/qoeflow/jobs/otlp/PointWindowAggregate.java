package org.qoeflow.jobs.otlp;

import org.qoeflow.jobs.StatsAggregate;
import org.qoeflow.jobs.WindowStatsValue;
import org.qoeflow.otlp.MetricPoint;
import org.qoeflow.otlp.PointFolder;

/** Incrementally folds a node's delta points into window statistics. */
public final class PointWindowAggregate extends StatsAggregate<MetricPoint> {
    @Override
    protected void fold(MetricPoint value, WindowStatsValue acc) {
        PointFolder.fold(acc.stats(), value);
    }
}
