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
 *     <p>The detector and its alert rule are not options of the job: they are the model's own
 *     ({@code ModelRegistry.builtInModel()}, i.e. {@code AnomalyOptions.defaults()}, until a model
 *     is published), the configuration the NAB run and the fleet evaluation score.
 */
public record AnomalyJobOptions(boolean enabled, Duration stateTtl, int topK)
        implements Serializable {
    public static final AnomalyJobOptions DEFAULTS =
            new AnomalyJobOptions(true, Duration.ofMinutes(10), 10);

    public AnomalyJobOptions {
        Checks.positive("--anomaly-state-ttl", stateTtl);
        Checks.inRange("--anomaly-top-k", topK, 1, 1000);
    }
}
