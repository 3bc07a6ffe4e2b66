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

    @Test
    void everyThermalFieldBindsByItsSnakeCaseName() {
        String thermal =
                "thermal: {ambient_c: 30, heat_c_per_busy_s: 1.5, cooling_tau: 2m, throttle_c: 50,"
                        + " freq_drop_per_c: 0.03, min_freq: 0.5, sd_25c_ms: 7, sd_60c_ms: 9},";
        Scenario s =
                ScenarioLoader.parse(
                        MINIMAL.replace(
                                "{name: phone-mid, share: 1,",
                                "{name: phone-mid, " + thermal + " share: 1,"));
        assertThat(s.edge().classes().get(0).thermal())
                .isEqualTo(new Scenario.Thermal(30, 1.5, 120_000, 50, 0.03, 0.5, 7, 9));
    }

    @Test
    void durationsTakeUnitsOrMilliseconds() {
        assertThat(ScenarioLoader.parse(MINIMAL.replace("duration: 2m", "duration: 120000")))
                .isEqualTo(ScenarioLoader.parse(MINIMAL));
        assertThatThrownBy(
                        () ->
                                ScenarioLoader.parse(
                                        MINIMAL.replace("duration: 2m", "duration: [2m]")))
                .hasMessageContaining("scenario field duration: must be a duration");
    }

    @Test
    void faultFieldsDependOnTheKind() {
        String fault =
                MINIMAL + "faults:\n  - {kind: thermal_wave, delta_c: 5, start: 1m, end: 2m}\n";
        assertThat(ScenarioLoader.parse(fault).faults().get(0).deltaC()).isEqualTo(5);
        assertThatThrownBy(
                        () ->
                                ScenarioLoader.parse(
                                        fault.replace("delta_c: 5", "delta_c: 5, factor: 2")))
                .hasMessageContaining("scenario field faults[0].factor: unknown field")
                .hasMessageContaining("delta_c");
        assertThatThrownBy(() -> ScenarioLoader.parse(fault.replace("kind: thermal_wave, ", "")))
                .hasMessageContaining("scenario field faults[0].kind: is required");
        assertThat(ScenarioLoader.parse(fault.replace("thermal_wave", "THERMAL-WAVE")))
                .isEqualTo(ScenarioLoader.parse(fault));
        String slow = MINIMAL + "faults:\n  - {kind: slow_node, node: 1, start: 1m, end: 2m}\n";
        assertThatThrownBy(() -> ScenarioLoader.parse(slow))
                .hasMessageContaining("scenario field faults[0].region: is required for slow_node");
    }

    @Test
    void scalarsAreNotCoerced() {
        assertThatThrownBy(
                        () ->
                                ScenarioLoader.parse(
                                        MINIMAL.replace("latency_ms: 220", "latency_ms: '220'")))
                .hasMessageContaining(
                        "scenario field edge.classes[0].latency_ms: must be a number, got '220'");
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL.replace("name: tiny", "name: 12")))
                .hasMessageContaining("scenario field name: must be a non-empty string");
        assertThatThrownBy(
                        () ->
                                ScenarioLoader.parse(
                                        MINIMAL.replace(
                                                "model: {gflop: 12, payload_kbit: 256}",
                                                "model: 5")))
                .hasMessageContaining("scenario field model: must be a mapping");
        assertThatThrownBy(
                        () ->
                                ScenarioLoader.parse(
                                        MINIMAL.replace(
                                                "nodes: {min: 3, max: 20}",
                                                "nodes: {min: 3, max: 20, mx: 1}")))
                .hasMessageContaining(
                        "scenario field cloud.nodes.mx: unknown field; allowed here: [initial, max, min]");
    }

    @Test
    void wholeTextMustBeAMappingInValidYaml() {
        assertThatThrownBy(() -> ScenarioLoader.parse("- a\n- b\n"))
                .hasMessage("scenario must be a mapping at the top level");
        assertThatThrownBy(() -> ScenarioLoader.parse(MINIMAL.replace("name: tiny", "name: [tiny")))
                .hasMessageContaining("scenario is not valid YAML/JSON");
    }
}
