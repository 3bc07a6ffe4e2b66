package org.qoeflow.qoe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;

class TelemetryValidatorTest {
    static final long T = 1_700_000_000_000L;

    static NodeSample sample() {
        return new NodeSample(2000.0, 3000.0, 40.0, 2500.0, 30.0, 45.0, 1, 2, 512.0);
    }

    @Test
    void acceptsRealisticEvents() {
        assertThat(TelemetryValidator.problem(TestTelemetry.request("n", T, 80, true))).isEmpty();
        assertThat(TelemetryValidator.problem(TestTelemetry.sample("n", T, 40))).isEmpty();
        assertThat(TelemetryValidator.problem(TestTelemetry.request("edge-000018", T, 80, "r:1")))
                .isEmpty();
        Telemetry version = TestTelemetry.request("n", T, 80, true);
        version.setModelVersion("1.2.0+build.7");
        assertThat(TelemetryValidator.problem(version)).isEmpty();
    }

    @Test
    void namesTheBadField() {
        Telemetry negative = TestTelemetry.request("n", T, 80, true);
        negative.setPayload(new RequestFact(1.0, -3.0, true, false, null));
        assertThat(TelemetryValidator.problem(negative))
                .hasValueSatisfying(m -> assertThat(m).contains("e2e_ms"));

        Telemetry nan = TestTelemetry.request("n", T, 80, true);
        nan.setPayload(new RequestFact(Double.NaN, 3.0, true, false, null));
        assertThat(TelemetryValidator.problem(nan))
                .hasValueSatisfying(m -> assertThat(m).contains("ttft_ms"));

        Telemetry noNode = TestTelemetry.request(" ", T, 80, true);
        assertThat(TelemetryValidator.problem(noNode))
                .hasValueSatisfying(m -> assertThat(m).startsWith("node_id must match"));

        Telemetry hot = TestTelemetry.sample("n", T, 900);
        assertThat(TelemetryValidator.problem(hot))
                .hasValueSatisfying(m -> assertThat(m).contains("temperature_c"));
    }

    @Test
    void absurdButFiniteValuesAreRejectedWithTheirBound() {
        Telemetry slow = TestTelemetry.request("n", T, 80, true);
        slow.setPayload(new RequestFact(1.0, 1e300, true, false, null));
        assertThat(TelemetryValidator.problem(slow))
                .contains("e2e_ms must be in [0, 600000], got 1.0E300");

        NodeSample queue = sample();
        queue.setQueueDepth(Integer.MAX_VALUE);
        assertThat(TelemetryValidator.problem(withSample(queue)))
                .contains("queue_depth must be in [0, 100000], got 2.147483647E9");

        NodeSample fps = sample();
        fps.setFps(1e9);
        assertThat(TelemetryValidator.problem(withSample(fps)))
                .hasValueSatisfying(m -> assertThat(m).startsWith("fps must be in [0, 1000]"));

        Telemetry version = TestTelemetry.request("n", T, 80, true);
        version.setAppliedControlVersion(Long.MAX_VALUE);
        assertThat(TelemetryValidator.problem(version))
                .hasValueSatisfying(m -> assertThat(m).contains("applied_control_version"));

        Telemetry unsetClock = TestTelemetry.request("n", 5, 80, true);
        assertThat(TelemetryValidator.problem(unsetClock))
                .hasValueSatisfying(m -> assertThat(m).contains("event_time must be >= 2020"));
    }

    @Test
    void identifiersMustNotBreakScopeNames() {
        Telemetry slash = TestTelemetry.request("n", T, 80, true);
        slash.setDeviceClass("phone/../high");
        assertThat(TelemetryValidator.problem(slash))
                .hasValueSatisfying(
                        m ->
                                assertThat(m)
                                        .startsWith("device_class must match")
                                        .contains("phone/"));

        Telemetry control = TestTelemetry.request("n", T, 80, true);
        control.setRegion("eu\nwest");
        assertThat(TelemetryValidator.problem(control))
                .hasValueSatisfying(m -> assertThat(m).contains("\"eu?west\""));

        Telemetry longId = TestTelemetry.request("n".repeat(129), T, 80, true);
        assertThat(TelemetryValidator.problem(longId))
                .hasValueSatisfying(
                        m -> assertThat(m).contains("(129 chars)").hasSizeLessThan(300));

        Telemetry badRequestId = TestTelemetry.request("n", T, 80, "id with spaces");
        assertThat(TelemetryValidator.problem(badRequestId))
                .hasValueSatisfying(m -> assertThat(m).startsWith("request_id must match"));

        assertThat(TelemetryValidator.isIdentifier("a".repeat(128), false)).isTrue();
        assertThat(TelemetryValidator.isIdentifier("-a", false)).isFalse();
        assertThat(TelemetryValidator.isIdentifier("a+b", false)).isFalse();
        assertThat(TelemetryValidator.isIdentifier("a+b", true)).isTrue();
    }

    @Test
    void aValueCheckedOnceAnswersOnlyForItselfAndItsOwnSyntax() {
        Telemetry t = TestTelemetry.request("n", T, 80, true);
        String plus = new String("a+b");
        t.setModelVersion(plus);
        assertThat(TelemetryValidator.problem(t)).isEmpty();
        assertThat(TelemetryValidator.problem(t)).isEmpty();
        // the same instance, valid as a version, is no region
        t.setRegion(plus);
        assertThat(TelemetryValidator.problem(t))
                .hasValueSatisfying(m -> assertThat(m).startsWith("region must match"));

        // "Bb" and "A\u0081" share a hash code (so a slot): the valid one does not pass the other
        assertThat("Bb".hashCode()).isEqualTo("A\u0081".hashCode());
        Telemetry ok = TestTelemetry.request("n", T, 80, true);
        ok.setRegion("Bb");
        assertThat(TelemetryValidator.problem(ok)).isEmpty();
        Telemetry bad = TestTelemetry.request("n", T, 80, true);
        bad.setRegion("A\u0081");
        assertThat(TelemetryValidator.problem(bad))
                .hasValueSatisfying(m -> assertThat(m).startsWith("region must match"));
        assertThat(TelemetryValidator.problem(ok)).isEmpty();
    }

    private static Telemetry withSample(NodeSample s) {
        Telemetry t = TestTelemetry.sample("n", T, 40);
        t.setPayload(s);
        t.setEventTime(Instant.ofEpochMilli(T));
        return t;
    }
}
