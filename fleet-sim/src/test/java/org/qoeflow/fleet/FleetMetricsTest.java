package org.qoeflow.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qoeflow.fleet.client.ControlClient.Outcome;
import org.qoeflow.fleet.client.TestingControl;

class FleetMetricsTest {
    private final FleetSimulator sim = new FleetSimulator(TestingScenarios.demoFleet(20, 4, 200));
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final FleetMetrics metrics = new FleetMetrics(registry, sim);

    @Test
    void exportsAppliedThresholdsInSecondsAndRoutingWeightsOfOwnNodesOnly() {
        String region = sim.regions().get(0);
        String node = sim.cloudNodeIds(region).get(0);
        metrics.control(TestingControl.offload("phone-high", 3, 250, 0), Outcome.APPLIED, 3);
        metrics.control(
                TestingControl.routing(region, 4, Map.of(node, 0.75, "cloud-attacker-9", 0.25), 0),
                Outcome.APPLIED,
                4);
        metrics.control(TestingControl.offload("phone-high", 9, 5, 0), Outcome.FORGED, 3);

        assertThat(scrape())
                .contains(
                        "qoeflow_fleet_offload_threshold_seconds{scope=\"offload/phone-high\"} 0.25")
                .contains(
                        "qoeflow_fleet_routing_weight{node=\""
                                + node
                                + "\",region=\""
                                + region
                                + "\"} 0.75")
                .doesNotContain("cloud-attacker-9")
                .contains(
                        "qoeflow_fleet_applied_control_version{scope=\"routing/"
                                + region
                                + "\"} 4.0")
                .contains("qoeflow_fleet_control_updates_rejected_total{reason=\"forged\"} 1.0");
    }

    @Test
    void countsRequestsByTierAndRegionAndKeepsEdgeNodeIdsOutOfLabels() {
        long t = 1_000_000;
        metrics.telemetry(sim.advance(t, t + 5_000));
        FleetStats stats = sim.stats();
        String text = scrape();
        assertThat(text).doesNotContain("node=\"edge-");
        double edgeRequests = 0;
        double edgeFailures = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("qoeflow_fleet_requests_total{") && line.contains("EDGE")) {
                edgeRequests += value(line);
            }
            if (line.startsWith("qoeflow_fleet_request_failures_total{") && line.contains("EDGE")) {
                edgeFailures += value(line);
            }
        }
        assertThat(edgeRequests).isEqualTo(stats.requests()).isPositive();
        assertThat(edgeFailures).isEqualTo(stats.failures());
    }

    @Test
    void everyRejectionReasonIsExportedFromTheStart() {
        List<String> reasons = FleetMetrics.rejectionReasons();
        assertThat(reasons)
                .containsExactlyInAnyOrder(
                        "duplicate",
                        "stale",
                        "expired",
                        "invalid",
                        "unsigned",
                        "forged",
                        "tampered",
                        "undecodable");
        String text = scrape();
        for (String r : reasons) {
            assertThat(text)
                    .contains(
                            "qoeflow_fleet_control_updates_rejected_total{reason=\""
                                    + r
                                    + "\"} 0.0");
        }
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
