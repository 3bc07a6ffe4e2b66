package org.qoeflow.jobs.summary;

import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.qoeflow.jobs.SerializerTypeInfo;
import org.qoeflow.schema.QoeScore;

/**
 * The scope-summary topology: QoE scores keyed by node ({@link ScopeMembershipFunction}, uid
 * {@value #MEMBERSHIP_UID}), then by offload scope ({@link ScopeSummaryFunction}, uid {@value
 * #SUMMARY_UID}): one summary per scope and window of its edge devices. The contributions cross the
 * shuffle between them with {@link ScopeContributionSerializer}; the summary function's state holds
 * them with Flink's POJO serializer, as before.
 */
public final class ScopeSummaries {
    public static final String MEMBERSHIP_UID = "scope-membership";
    public static final String SUMMARY_UID = "scope-summaries";

    private ScopeSummaries() {}

    public static DataStream<org.qoeflow.schema.ScopeSummary> build(
            DataStream<QoeScore> scores, Duration staleAfter) {
        return scores.keyBy(QoeScore::getNodeId)
                .process(
                        new ScopeMembershipFunction(staleAfter),
                        SerializerTypeInfo.SCOPE_CONTRIBUTION)
                .name("scope-membership")
                .uid(MEMBERSHIP_UID)
                .keyBy(c -> c.scope)
                .process(new ScopeSummaryFunction(staleAfter))
                .name("scope-summaries")
                .uid(SUMMARY_UID);
    }
}
