package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.fleet.client.ControlClient;
import org.qoeflow.schema.ControlKeys;
import org.qoeflow.schema.ControlKind;
import org.qoeflow.schema.ControlSignatures;
import org.qoeflow.schema.ControlUpdate;

/** The demo shows what the fleet applied and what it refused, not what the topic holds. */
class FleetControlTest {
    static final long NOW = 1_700_000_000_000L;

    static ControlUpdate offload(long version, double threshold) {
        return ControlUpdate.newBuilder()
                .setScope("offload/phone-high")
                .setKind(ControlKind.OFFLOAD_THRESHOLD)
                .setVersion(version)
                .setIssuedAt(Instant.ofEpochMilli(NOW))
                .setValidUntil(Instant.ofEpochMilli(NOW + 120_000))
                .setOffloadThresholdMs(threshold)
                .build();
    }

    static ControlUpdate routing(long version, Map<String, Double> w) {
        return ControlUpdate.newBuilder(offload(version, 1))
                .setScope("routing/eu")
                .setKind(ControlKind.ROUTING_WEIGHTS)
                .setOffloadThresholdMs(null)
                .setRoutingWeights(w)
                .build();
    }

    @Test
    void showsTheFleetsVerifiedStateAndCountsForgeriesByReason(@TempDir Path dir) {
        ControlKeys.generate(dir.resolve("real"), "ctl");
        ControlKeys.generate(dir.resolve("evil"), "ctl");
        var realKey = ControlKeys.privateKey(dir.resolve("real/ctl.key"));
        var evilKey = ControlKeys.privateKey(dir.resolve("evil/ctl.key"));
        ControlClient fleet = new ControlClient();
        fleet.requireSignatures(ControlKeys.trustRing(dir.resolve("real")));

        fleet.offer(ControlSignatures.sign(offload(3, 380), "ctl", realKey), NOW);
        fleet.offer(
                ControlSignatures.sign(routing(2, Map.of("c1", 0.0, "c2", 1.0)), "ctl", realKey),
                NOW);
        // What a forger writes to the control topic: none of it may show up as the fleet's state.
        fleet.offer(offload(1_000_000, 5), NOW);
        fleet.offer(ControlSignatures.sign(offload(999, 5), "ctl", evilKey), NOW);
        fleet.offer(ControlSignatures.sign(offload(4, 5), "someone-else", evilKey), NOW);
        fleet.offer(ControlSignatures.sign(routing(1, Map.of("c1", 1.0)), "ctl", realKey), NOW);

        FleetControl fc = FleetControl.of(fleet.heldUpdates(), fleet::count, 2);
        assertThat(fc.appliedVersions())
                .containsExactlyEntriesOf(
                        new java.util.TreeMap<>(
                                Map.of("offload/phone-high", 3L, "routing/eu", 2L)));
        assertThat(fc.offloadThresholds()).containsExactly(Map.entry("offload/phone-high", 380.0));
        assertThat(fc.drainedCloudNodes()).containsExactly("c1");
        assertThat(fc.rejected())
                .containsEntry("unsigned", 1L)
                .containsEntry("tampered", 1L)
                .containsEntry("forged", 1L)
                .containsEntry("stale", 1L)
                .containsEntry("undecodable", 2L)
                .containsEntry("expired", 0L);
        assertThat(fc.refusedAsUntrusted()).isEqualTo(3);
        assertThat(fc.rejectedLine()).contains("forged 1", "tampered 1", "unsigned 1", "stale 1");
        assertThat(fc.rejectedLine()).doesNotContain("expired");

        Map<String, Long> published =
                Map.of("offload/phone-high", 3L, "routing/eu", 2L, "routing/us", 1L);
        assertThat(fc.appliedMin(published)).isZero(); // routing/us not applied yet
        DemoMonitor.Snapshot s =
                new DemoMonitor.Snapshot(
                        10, 1, 0, 5, 200, 150, 0.3, 0.4, 0.1, 4, 1, java.util.Set.of());
        Map<String, Object> summary =
                DemoReport.summary(1000, s, published, fc, Map.of("not_finite", 2L), 60);
        assertThat(summary)
                .containsEntry("control_version_latest", 3L)
                .containsEntry("fleet_applied_version_min", 0L)
                .containsEntry("fleet_control_updates_rejected", fc.rejected())
                .containsEntry("controller_scores_rejected", Map.of("not_finite", 2L))
                .containsEntry("offload_thresholds_ms", Map.of("offload/phone-high", 380.0))
                .containsEntry("drained_cloud_nodes", java.util.Set.of("c1"));
    }
}
