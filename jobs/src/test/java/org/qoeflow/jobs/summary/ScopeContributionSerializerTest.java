package org.qoeflow.jobs.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

class ScopeContributionSerializerTest {
    private static final ScopeContributionSerializer S = ScopeContributionSerializer.INSTANCE;

    private static ScopeContribution roundTrip(ScopeContribution c) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        S.serialize(c, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        ScopeContribution back = S.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }

    private static QoeScore score() {
        return QoeScore.newBuilder()
                .setNodeId("edge-000001")
                .setTier(Tier.EDGE)
                .setRegion("eu-west")
                .setDeviceClass("phone-mid")
                .setModelVariant("tiny-int4")
                .setWindowStart(Instant.ofEpochMilli(5000))
                .setWindowEnd(Instant.ofEpochMilli(10_000))
                .setRequestCount(12)
                .setSampleCount(3)
                .setLatencyP95Ms(231.5)
                .setSuccessRate(1.0)
                .setOffloadShare(0.25)
                .setAppliedControlVersion(7)
                .setLoadWeight(0.3)
                .setQoeIndex(0.8)
                .build();
    }

    @Test
    void aContributionAndALeaveSurviveTheRoundTripAndTheCopy() throws IOException {
        var join =
                new ScopeContribution(
                        "offload/eu-west/phone-mid/tiny-int4", "edge-000001", score(), 7, 10_000);
        var leave =
                new ScopeContribution(
                        "offload/eu-west/phone-mid/old", "edge-000001", null, 9, 15_000);
        for (ScopeContribution c : new ScopeContribution[] {join, leave}) {
            for (ScopeContribution back : new ScopeContribution[] {roundTrip(c), S.copy(c)}) {
                assertThat(back).isNotSameAs(c).usingRecursiveComparison().isEqualTo(c);
                assertThat(back.leaves()).isEqualTo(c.leaves());
            }
        }
        ScopeContribution copy = S.copy(join);
        assertThat(copy.score).isEqualTo(join.score).isNotSameAs(join.score);
        copy.score.setRequestCount(99);
        assertThat(join.score.getRequestCount()).isEqualTo(12);
    }

    @Test
    void aContributionWithoutAScopeIsAnError() {
        assertThatThrownBy(() -> roundTrip(new ScopeContribution(null, "n", null, 0, 0)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("without a scope");
        assertThat(S.snapshotConfiguration().restoreSerializer()).isSameAs(S);
    }
}
