package org.qoeflow.jobs.anomaly;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the anomaly part of the job.
 *
 * @param enabled whether the job scores anomalies at all
 * @param stateTtl event time without a window after which a node's state is dropped
 * @param topK how many nodes per region the dashboard topic lists
 * @param alertMargin an alert needs a new forecast-error record at least this many times the
 *     previous one
 */
public record AnomalyOptions(boolean enabled, Duration stateTtl, int topK, double alertMargin)
        implements Serializable {
    public static final AnomalyOptions DEFAULTS =
            new AnomalyOptions(true, Duration.ofMinutes(10), 10, 1.5);

    public AnomalyOptions {
        if (stateTtl == null || stateTtl.isNegative() || stateTtl.isZero()) {
            throw new IllegalArgumentException("--anomaly-state-ttl must be > 0, got " + stateTtl);
        }
        if (topK < 1 || topK > 1000) {
            throw new IllegalArgumentException("--anomaly-top-k must be in [1, 1000], got " + topK);
        }
        if (!(alertMargin >= 1 && alertMargin <= 100)) {
            throw new IllegalArgumentException(
                    "--anomaly-alert-margin must be in [1, 100], got " + alertMargin);
        }
    }
}
