package org.qoeflow.qoe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;

class TelemetryValidatorTest {
    @Test
    void acceptsRealisticEvents() {
        assertThat(TelemetryValidator.problem(TestTelemetry.request("n", 5, 80, true))).isEmpty();
        assertThat(TelemetryValidator.problem(TestTelemetry.sample("n", 5, 40))).isEmpty();
    }

    @Test
    void namesTheBadField() {
        Telemetry negative = TestTelemetry.request("n", 5, 80, true);
        negative.setPayload(new RequestFact(1.0, -3.0, true, false, null));
        assertThat(TelemetryValidator.problem(negative))
                .hasValueSatisfying(m -> assertThat(m).contains("e2e_ms"));

        Telemetry nan = TestTelemetry.request("n", 5, 80, true);
        nan.setPayload(new RequestFact(Double.NaN, 3.0, true, false, null));
        assertThat(TelemetryValidator.problem(nan))
                .hasValueSatisfying(m -> assertThat(m).contains("ttft_ms"));

        Telemetry noNode = TestTelemetry.request(" ", 5, 80, true);
        assertThat(TelemetryValidator.problem(noNode)).contains("node_id is empty");

        Telemetry hot = TestTelemetry.sample("n", 5, 900);
        assertThat(TelemetryValidator.problem(hot))
                .hasValueSatisfying(m -> assertThat(m).contains("temperature_c"));
    }
}
