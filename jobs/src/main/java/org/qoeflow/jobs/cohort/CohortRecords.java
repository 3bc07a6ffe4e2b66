package org.qoeflow.jobs.cohort;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.cohort.CohortResult;
import org.qoeflow.cohort.MetricComparison;
import org.qoeflow.cohort.NodeSample;
import org.qoeflow.cohort.Verdict;
import org.qoeflow.schema.CohortMetricTest;
import org.qoeflow.schema.CohortVerdict;
import org.qoeflow.schema.CohortVerdictKind;
import org.qoeflow.schema.CohortVerdictLevel;
import org.qoeflow.schema.OffloadScope;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.TopicDescriptor;

/** Converts between the job's records and the cohort analysis's plain types. */
public final class CohortRecords {
    private CohortRecords() {}

    /** The model variant field of a {@link CohortVerdictKind#GROUP_SHIFT} verdict. */
    public static final String GROUP_SHIFT_VARIANT = "group";

    /** The cohort key of a score: {@code region/device class}. */
    public static String group(QoeScore s) {
        return s.getRegion() + "/" + s.getDeviceClass();
    }

    /** The record key: the cohort's offload scope, {@code offload/<region>/<class>/<variant>}. */
    public static byte[] key(CohortVerdict v) {
        return TopicDescriptor.key(
                OffloadScope.scope(v.getRegion(), v.getDeviceClass(), v.getModelVariant()));
    }

    /** What the analysis compares of one node's window; rates only when it served requests. */
    public static NodeSample sample(QoeScore s) {
        boolean served = s.getRequestCount() > 0;
        return NodeSample.of(
                s.getNodeId(),
                s.getModelVariant(),
                s.getLatencyP95Ms(),
                served ? s.getSuccessRate() : null,
                s.getTemperatureC(),
                served ? s.getOffloadShare() : null);
    }

    /** The verdict record of one cohort result under the streak rule's outcome. */
    public static CohortVerdict verdict(
            String region,
            String deviceClass,
            long windowStart,
            long windowEnd,
            CohortResult r,
            int failingWindows,
            Verdict stable,
            CohortVerdictKind kind,
            CohortOptions o) {
        List<CohortMetricTest> metrics = new ArrayList<>();
        for (MetricComparison m : r.metrics()) {
            metrics.add(
                    new CohortMetricTest(
                            m.metric().label(),
                            m.cohortNodes(),
                            m.baselineNodes(),
                            nullable(m.ksStatistic()),
                            nullable(m.pValue()),
                            nullable(m.adjustedPValue()),
                            m.worsening()));
        }
        return CohortVerdict.newBuilder()
                .setRegion(region)
                .setDeviceClass(deviceClass)
                .setModelVariant(
                        kind == CohortVerdictKind.GROUP_SHIFT ? GROUP_SHIFT_VARIANT : r.variant())
                .setKind(kind)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setVerdict(level(stable))
                .setWindowVerdict(level(r.windowVerdict()))
                .setFailingWindows(failingWindows)
                .setFailingWindowsNeeded(o.failAfterWindows())
                .setScore(nullable(r.score()))
                .setCohortNodes(r.cohortNodes())
                .setBaselineNodes(r.baselineNodes())
                .setFailedMetrics(r.failedMetrics(o))
                .setMetrics(metrics)
                .setReason(
                        stable == r.windowVerdict()
                                ? r.reason()
                                : r.reason()
                                        + ";failing "
                                        + failingWindows
                                        + " of "
                                        + o.failAfterWindows()
                                        + " windows")
                .build();
    }

    static CohortVerdictLevel level(Verdict v) {
        return CohortVerdictLevel.valueOf(v.name());
    }

    private static Double nullable(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
