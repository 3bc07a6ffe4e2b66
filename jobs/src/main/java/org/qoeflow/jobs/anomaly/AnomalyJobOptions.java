package org.qoeflow.jobs.anomaly;

import java.io.Serializable;
import java.time.Duration;
import org.qoeflow.common.Checks;

/**
 * Settings of the anomaly part of the job.
 *
 * @param enabled whether the job scores anomalies at all
 * @param stateTtl event time without a window after which a node's state is dropped
 * @param topK how many nodes per region the dashboard topic lists
 * @param alertMargin an alert needs a new forecast-error record at least this many times the
 *     previous one
 */
public record AnomalyJobOptions(boolean enabled, Duration stateTtl, int topK, double alertMargin)
        implements Serializable {
    public static final AnomalyJobOptions DEFAULTS =
            new AnomalyJobOptions(true, Duration.ofMinutes(10), 10, 1.5);

    public AnomalyJobOptions {
        Checks.positive("--anomaly-state-ttl", stateTtl);
        Checks.inRange("--anomaly-top-k", topK, 1, 1000);
        Checks.inRange("--anomaly-alert-margin", alertMargin, 1, 100);
    }
}
