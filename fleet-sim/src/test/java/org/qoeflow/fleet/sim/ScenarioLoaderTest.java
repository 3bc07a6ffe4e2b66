package org.qoeflow.fleet.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
    static final String MINIMAL =
            """
            name: tiny
            duration: 2m
            seed: 3
            model: {gflop: 12, payload_kbit: 256}
            edge:
              devices: 400
              classes:
                - {name: phone-mid, share: 1, gflops: 50, latency_ms: 220, power_mw: {idle: 350, active: 3800}}
            regions:
              - {name: eu, rtt_ms: {mean: 50, sd: 10}, bandwidth_kbps: {mean: 15000, sd: 3000}}
            cloud:
              compute_ms: 150
              slots_per_node: 16
              nodes: {min: 3, max: 20}
              autoscale: {target_utilization: 0.7, scale_up_delay: 90s}
            load:
              - {at: 0s, qps: 100}
            """;

    @Test
    void everyCatalogScenarioLoads() {
        for (String name : ScenarioLoader.CATALOG) {
            Scenario s = ScenarioLoader.load(name);
            assertThat(s.name()).isEqualTo(name);
            assertThat(s.cloud().minNodes()).isBetween(2, 3);
            assertThat(s.cloud().maxNodes()).isBetween(14, 20);
        }
        assertThat(ScenarioLoader.CATALOG).hasSize(16).doesNotHaveDuplicates();
        assertThat(ScenarioLoader.load("region-brownout").faults())
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.kind()).isEqualTo(Scenario.FaultKind.REGION_BROWNOUT);
                            assertThat(f.probability()).isEqualTo(0.4);
                        });
        assertThat(ScenarioLoader.load("three-regions-far").regions()).hasSize(3);
        Scenario peak = ScenarioLoader.load("traffic-peak");
        assertThat(peak.qpsAt(0)).isEqualTo(1000);
        assertThat(peak.qpsAt(10 * 60_000)).isEqualTo(8500);
    }

    @Test
    void defaultsComeFromTheFieldFigures() {
        Scenario s = ScenarioLoader.parse(MINIMAL);
        var thermal = s.edge().classes().get(0).thermal();
        assertThat(thermal.sdCoolMs()).isEqualTo(12.3 * 220 / 80);
        assertThat(s.cloud().initialNodes()).isEqualTo(3);
        assertThat(s.cloud().scaleUpDelayMs()).isEqualTo(90_000);
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL.replace("max: 20", "max: 2")))
                .hasMessageContaining("cloud.nodes.max");
        assertThatThrownBy(
                        () ->
                                ScenarioLoader.parse(
                                        MINIMAL.replace("duration: 2m", "duration: soon")))
                .hasMessageContaining("scenario field duration")
                .hasMessageContaining("'soon'");
        assertThatThrownBy(
                        () ->
                                ScenarioLoader.parse(
                                        MINIMAL.replace("latency_ms: 220", "latency_ms: fast")))
                .hasMessageContaining("edge.classes[0].latency_ms");
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL.replace("slots_per_node", "slots")))
                .hasMessageContaining("cloud.slots");
        String withFault = MINIMAL + "faults:\n  - {kind: meteor, start: 1m, end: 2m}\n";
        assertThatThrownBy(() -> ScenarioLoader.parse(withFault))
                .hasMessageContaining("faults[0].kind")
                .hasMessageContaining("meteor");
        String badRegion =
                MINIMAL
                        + "faults:\n  - {kind: bandwidth_collapse, region: mars, start: 1m, end: 2m}\n";
        assertThatThrownBy(() -> ScenarioLoader.parse(badRegion))
                .hasMessageContaining("faults[0].region");
        assertThatThrownBy(() -> ScenarioLoader.load("/no/such/scenario.yaml"))
                .hasMessageContaining("neither a catalog name");
    }
}
