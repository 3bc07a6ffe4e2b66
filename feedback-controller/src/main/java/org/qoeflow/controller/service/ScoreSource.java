package org.qoeflow.controller.service;

import java.time.Duration;
import java.util.List;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.ScopeSummary;

/**
 * Where the controller reads QoE scores and anomaly verdicts from (and, with scope summaries, the
 * edge scopes' summaries instead of edge devices' scores).
 */
public interface ScoreSource extends AutoCloseable {
    /** What arrived since the last poll; undecodable records are reported, not thrown. */
    Batch poll(Duration timeout);

    @Override
    default void close() {}

    /**
     * One poll's worth of inputs; {@code quietAnomalies} counts anomaly scores read but not decoded
     * because they raise no alert (they cannot change the view).
     */
    record Batch(
            List<QoeScore> scores,
            List<AnomalyScore> anomalies,
            List<CohortVerdict> cohorts,
            int quietAnomalies,
            List<ScopeSummary> summaries) {
        public Batch(
                List<QoeScore> scores,
                List<AnomalyScore> anomalies,
                List<CohortVerdict> cohorts,
                int quietAnomalies) {
            this(scores, anomalies, cohorts, quietAnomalies, List.of());
        }

        public Batch(
                List<QoeScore> scores, List<AnomalyScore> anomalies, List<CohortVerdict> cohorts) {
            this(scores, anomalies, cohorts, 0);
        }

        public Batch(List<QoeScore> scores, List<AnomalyScore> anomalies) {
            this(scores, anomalies, List.of());
        }

        /** Everything the poll returned, quiet anomaly scores included. */
        public int size() {
            return scores.size()
                    + anomalies.size()
                    + cohorts.size()
                    + quietAnomalies
                    + summaries.size();
        }
    }
}
