package org.qoeflow.controller.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.OffloadScope;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

class FleetViewTest {
    static QoeScore edge(String node, long windowEnd, String variant, long applied) {
        QoeScore s = ControlLawTest.score(node, Tier.EDGE, windowEnd, 0.2, 1);
        // Fresh String instances, as every decoded score brings.
        s.setNodeId(new String(node));
        s.setRegion(new String("eu"));
        s.setDeviceClass(new String("phone-high"));
        s.setModelVariant(new String(variant));
        s.setAppliedControlVersion(applied);
        return s;
    }

    static AnomalyScore alert(String node, long windowEnd) {
        return AnomalyScore.newBuilder()
                .setNodeId(node)
                .setTier(Tier.CLOUD)
                .setRegion("eu")
                .setDeviceClass("gpu")
                .setWindowStart(Instant.ofEpochMilli(windowEnd - 5000))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setRawScore(3)
                .setLikelihood(0.99)
                .setThreshold(1)
                .setAlert(true)
                .setModelVersion("v")
                .build();
    }

    static List<String> ids(Map<OffloadScope, List<NodeView>> byScope, String scope) {
        return byScope.entrySet().stream()
                .filter(e -> e.getKey().scope().equals(scope))
                .flatMap(e -> e.getValue().stream())
                .map(NodeView::nodeId)
                .sorted()
                .collect(Collectors.toList());
    }

    @Test
    void evictingFromTheMiddleKeepsEveryOtherNodeFindable() {
        FleetView view = new FleetView();
        for (int i = 0; i < 10; i++) {
            view.observe(edge("e" + i, i % 3 == 0 ? 10_000 : 20_000, "m", 0));
        }
        view.evictOlderThan(15_000);
        assertThat(view.size()).isEqualTo(6);
        // Nodes moved by the swap-removal are updated in place, evicted ones come back.
        view.observe(edge("e5", 25_000, "m", 3));
        view.observe(edge("e8", 25_000, "m", 3));
        assertThat(view.size()).isEqualTo(6);
        view.observe(edge("e9", 25_000, "m", 0));
        view.observe(edge("e0", 25_000, "m", 0));
        assertThat(view.size()).isEqualTo(8);
        assertThat(ids(view.edgeByScope(0, true), "offload/eu/phone-high/m"))
                .containsExactly("e0", "e1", "e2", "e4", "e5", "e7", "e8", "e9");
    }

    @Test
    void aPartialScoreIsItsNodesLatestWindowUntilTheFullScoreReplacesIt() {
        FleetView view = new FleetView();
        view.observe(ControlLawTest.score("c1", Tier.CLOUD, 10_000, 0.2, 1.0));
        QoeScore partial = ControlLawTest.score("c1", Tier.CLOUD, 15_000, 0.6, 0.4);
        partial.setPartial(true);
        view.observe(partial);
        assertThat(view.fresh(Tier.CLOUD, 0).values().iterator().next().get(0).successRate())
                .isEqualTo(0.4);
        QoeScore full = ControlLawTest.score("c1", Tier.CLOUD, 15_000, 0.5, 0.6);
        full.setRevision(1);
        view.observe(full);
        assertThat(view.fresh(Tier.CLOUD, 0).values().iterator().next().get(0).successRate())
                .isEqualTo(0.6);
    }

    @Test
    void keepsTheNewestWindowAndTheHighestAppliedVersionOfANode() {
        FleetView view = new FleetView();
        view.observe(edge("e1", 20_000, "m", 4));
        view.observe(edge("e1", 15_000, "m", 7)); // older window: its version still counts
        assertThat(view.edgeByScope(0, true).values().iterator().next().get(0).windowEnd())
                .isEqualTo(20_000);
        assertThat(view.appliedVersionMin(0, true)).containsEntry("offload/eu/phone-high/m", 7L);
        view.evictOlderThan(25_000);
        view.observe(edge("e1", 30_000, "m", 1));
        assertThat(view.appliedVersionMin(0, true)).containsEntry("offload/eu/phone-high/m", 1L);
    }

    @Test
    void aNodeWhoseVariantChangesMovesToItsNewScope() {
        FleetView view = new FleetView();
        view.observe(edge("e1", 10_000, "m", 0));
        assertThat(ids(view.edgeByScope(0, true), "offload/eu/phone-high/m")).containsExactly("e1");
        view.observe(edge("e1", 15_000, "m2", 0));
        Map<OffloadScope, List<NodeView>> byScope = view.edgeByScope(0, true);
        assertThat(ids(byScope, "offload/eu/phone-high/m")).isEmpty();
        assertThat(ids(byScope, "offload/eu/phone-high/m2")).containsExactly("e1");
        assertThat(ids(view.edgeByScope(0, false), "offload/phone-high")).containsExactly("e1");
    }

    @Test
    void sharesTheNamesEveryScoreRepeats() {
        FleetView view = new FleetView();
        view.observe(edge("e1", 10_000, "m", 0));
        view.observe(edge("e2", 10_000, "m", 0));
        List<NodeView> nodes = view.edgeByScope(0, true).values().iterator().next();
        assertThat(nodes.get(0).region()).isSameAs(nodes.get(1).region());
        assertThat(nodes.get(0).modelVariant()).isSameAs(nodes.get(1).modelVariant());
    }

    @Test
    void alertsOfNodesWithoutScoresAreKeptUntilTheyAgeOut() {
        FleetView view = new FleetView();
        view.observe(alert("c1", 10_000));
        assertThat(view.size()).isZero();
        assertThat(view.alertedSince(5_000)).containsExactly("c1");
        view.evictOlderThan(12_000);
        assertThat(view.alertedSince(0)).isEmpty();
    }
}
