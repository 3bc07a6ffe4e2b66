package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.OffloadScope;

class EdgeSumsTest {
    private static List<NodeView> devices(int n, long seed) {
        Random r = new Random(seed);
        List<NodeView> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double share = i % 5 == 0 ? 0 : i % 7 == 0 ? 1 : r.nextDouble();
            out.add(
                    Views.at(
                            Views.edge(
                                    "phone",
                                    50 + 400 * r.nextDouble(),
                                    200 + 100 * r.nextDouble(),
                                    share,
                                    1 + r.nextInt(50),
                                    0.9 + 0.1 * r.nextDouble()),
                            10_000 + 5_000L * (i % 3),
                            1 + r.nextInt(50)));
        }
        return out;
    }

    @Test
    void statsOfTheSumsAreThoseOfTheDevices() {
        List<NodeView> nodes = devices(500, 1);
        EdgeSums sums = new EdgeSums();
        nodes.forEach(n -> sums.add(n, 3));
        OffloadLaw.EdgeStats e = OffloadLaw.EdgeStats.of(nodes);
        OffloadLaw.EdgeStats a = sums.stats();

        assertThat(a.localMs()).isCloseTo(e.localMs(), within(1e-9));
        assertThat(a.offloadedMs()).isCloseTo(e.offloadedMs(), within(1e-9));
        assertThat(a.offloaded()).isCloseTo(e.offloaded(), within(1e-9));
        assertThat(a.local()).isCloseTo(e.local(), within(1e-9));
        assertThat(a.bandwidthKbps()).isCloseTo(e.bandwidthKbps(), within(1e-9));
        assertThat(a.temperatureC()).isCloseTo(e.temperatureC(), within(1e-9));
        assertThat(a.cpuFreqMhz()).isCloseTo(e.cpuFreqMhz(), within(1e-9));
        assertThat(a.successSum()).isCloseTo(e.successSum(), within(1e-9));
        assertThat(a.requests()).isEqualTo(e.requests());
        assertThat(sums.devices()).isEqualTo(500);
    }

    @Test
    void mergedPartsAreTheSumsOfTheirDevices() {
        List<NodeView> nodes = devices(300, 2);
        EdgeSums whole = new EdgeSums();
        EdgeSums a = new EdgeSums();
        EdgeSums b = new EdgeSums();
        for (int i = 0; i < nodes.size(); i++) {
            whole.add(nodes.get(i), i);
            (i % 2 == 0 ? a : b).add(nodes.get(i), i);
        }
        EdgeSums merged = a.copy().merge(b);

        assertThat(merged.stats().localMs()).isCloseTo(whole.stats().localMs(), within(1e-9));
        assertThat(merged.offeredRequests(200)).isCloseTo(whole.offeredRequests(200), within(1e-6));
        assertThat(merged.appliedMin()).isZero();
        assertThat(merged.devices()).isEqualTo(300);
        assertThat(a.devices()).isEqualTo(150); // copy() left a as it was
    }

    @Test
    void offeredDemandIsWithinTheThresholdsBucketOfThePerDeviceCount() {
        List<NodeView> nodes = devices(1000, 3);
        EdgeSums sums = new EdgeSums();
        nodes.forEach(n -> sums.add(n, 0));
        EdgeInput perDevice = new EdgeInput.Devices(nodes);
        for (double t : new double[] {10, 120, 250.5, 333, 449.9, 1000}) {
            double lo = Math.pow(EdgeSums.BUCKET_RATIO, EdgeSums.bucket(t));
            double inBucket =
                    nodes.stream()
                            .filter(
                                    n ->
                                            n.localLatencyMs() >= lo
                                                    && n.localLatencyMs()
                                                            < lo * EdgeSums.BUCKET_RATIO)
                            .mapToDouble(NodeView::localRequests)
                            .sum();
            assertThat(sums.offeredRequests(t))
                    .as("threshold " + t)
                    .isCloseTo(perDevice.offeredRequests(t), within(inBucket + 1e-6));
        }
        assertThat(sums.offloadedRequests()).isCloseTo(perDevice.offloadedRequests(), within(1e-6));
    }

    @Test
    void summariesKeepOnlyTheFreshPartsAndTheNewestSummaryOfAScope() {
        OffloadScope scope = OffloadScope.of("eu", "phone", "m");
        List<NodeView> nodes = devices(30, 4);
        ScopeSummary old = new ScopeSummary(scope, 15_000);
        nodes.subList(0, 3).forEach(n -> old.add(n, 1));
        ScopeSummary neu = new ScopeSummary(scope, 20_000);
        nodes.forEach(n -> neu.add(n, 2));
        ScopeSummaries held = new ScopeSummaries();
        held.observe(neu);
        held.observe(old); // older: ignored

        assertThat(held.devices()).isEqualTo(30);
        assertThat(neu.since(15_000).devices()).isEqualTo(20); // windows 15 000 and 20 000
        assertThat(held.appliedVersionMin(15_000, true)).containsEntry(scope.scope(), 2L);
        assertThat(held.byScope(false)).containsOnlyKeys(new OffloadScope(null, "phone", null));
        held.evictOlderThan(20_001);
        assertThat(held.size()).isZero();
    }
}
