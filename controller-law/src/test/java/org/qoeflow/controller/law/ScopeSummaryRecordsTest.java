package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.OffloadScope;
import org.qoeflow.schema.Topics;

class ScopeSummaryRecordsTest {
    private static ScopeSummary sample() {
        ScopeSummary s = new ScopeSummary(OffloadScope.of("eu", "phone", "m"), 20_000);
        s.add(Views.at(Views.edge("phone", 120, 240, 0.3, 40, 0.99), 15_000, 40), 4);
        s.add(Views.at(Views.edge("phone", 300, 260, 0.0, 10, 0.97), 20_000, 10), 5);
        s.add(Views.at(Views.edge("phone", 90, 250, 1.0, 20, 1.0), 20_000, 20), 6);
        return s;
    }

    @Test
    void aSummaryComesBackFromTheWireAsItWent() throws Exception {
        ScopeSummary s = sample();
        byte[] wire = Topics.SCOPE_SUMMARIES.codec().encode(ScopeSummaryRecords.toAvro(s));
        ScopeSummary back =
                ScopeSummaryRecords.fromAvro(Topics.SCOPE_SUMMARIES.codec().decode(wire));

        assertThat(back.scope()).isEqualTo(s.scope());
        assertThat(back.at()).isEqualTo(20_000);
        assertThat(back.parts().keySet()).containsExactly(15_000L, 20_000L);
        EdgeSums a = back.since(0);
        EdgeSums e = s.since(0);
        assertThat(a.stats()).isEqualTo(e.stats());
        assertThat(a.offeredRequests(200)).isEqualTo(e.offeredRequests(200));
        assertThat(a.networkTransferWeight()).isEqualTo(e.networkTransferWeight());
        assertThat(a.appliedMin()).isEqualTo(4);
        assertThat(back.since(16_000).newestWindowEnd()).isEqualTo(20_000);
    }

    @Test
    void refusesWhatTheJobCouldNotHaveWrittenNamingTheField() {
        var good = ScopeSummaryRecords.toAvro(sample());
        var scope = org.qoeflow.schema.ScopeSummary.newBuilder(good).setScope("routing/eu").build();
        assertThatThrownBy(() -> ScopeSummaryRecords.fromAvro(scope))
                .hasMessageStartingWith("scope");

        var part = good.getParts().get(0);
        var negative =
                org.qoeflow.schema.ScopeSummary.newBuilder(good)
                        .setParts(
                                List.of(
                                        org.qoeflow.schema.ScopePart.newBuilder(part)
                                                .setRequests(-1)
                                                .build()))
                        .build();
        assertThatThrownBy(() -> ScopeSummaryRecords.fromAvro(negative))
                .hasMessageStartingWith("requests");

        var counts =
                org.qoeflow.schema.ScopeSummary.newBuilder(good)
                        .setParts(
                                List.of(
                                        org.qoeflow.schema.ScopePart.newBuilder(part)
                                                .setBandwidthCount(part.getDevices() + 1)
                                                .build()))
                        .build();
        assertThatThrownBy(() -> ScopeSummaryRecords.fromAvro(counts))
                .hasMessageStartingWith("bandwidth_count");

        var buckets =
                org.qoeflow.schema.ScopeSummary.newBuilder(good)
                        .setParts(
                                List.of(
                                        org.qoeflow.schema.ScopePart.newBuilder(part)
                                                .setLocalLatencyWeights(List.of())
                                                .build()))
                        .build();
        assertThatThrownBy(() -> ScopeSummaryRecords.fromAvro(buckets))
                .hasMessageStartingWith("local_latency_buckets");

        var future =
                org.qoeflow.schema.ScopeSummary.newBuilder(good)
                        .setWindowEnd(java.time.Instant.ofEpochMilli(10_000))
                        .build();
        assertThatThrownBy(() -> ScopeSummaryRecords.fromAvro(future))
                .hasMessageStartingWith("parts.window_end");
    }
}
