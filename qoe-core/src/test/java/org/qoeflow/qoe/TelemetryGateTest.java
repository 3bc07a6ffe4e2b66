package org.qoeflow.qoe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Topics;

class TelemetryGateTest {
    static final long NOW = 1_700_000_000_000L;
    final TelemetryGate gate =
            new TelemetryGate(
                    TelemetryGate.DEFAULT_MAX_RECORD_BYTES,
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(2));

    static byte[] key(String node) {
        return node.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] value(Telemetry t) {
        return Topics.TELEMETRY.codec().encode(t);
    }

    TelemetryGate.Verdict admit(Telemetry t) {
        return gate.admit(key(t.getNodeId()), value(t), NOW);
    }

    @Test
    void acceptsAnEventWithItsEventTimeAsTimestamp() {
        TelemetryGate.Verdict v = admit(TestTelemetry.request("n1", NOW - 100, 80, true));
        assertThat(v.accepted()).isTrue();
        assertThat(v.timestamp()).isEqualTo(NOW - 100);
        assertThat(v.clamped()).isFalse();
    }

    @Test
    void eventsFarInTheFutureAreRejectedAndNearOnesClampedToTheJobClock() {
        TelemetryGate.Verdict y2100 =
                admit(TestTelemetry.request("n1", 4_102_444_800_000L, 80, true));
        assertThat(y2100.reason()).isEqualTo(DeadLetterReason.FUTURE_EVENT_TIME);
        assertThat(y2100.message())
                .contains("2100-01-01T00:00:00Z")
                .contains("max future skew PT5M");
        assertThat(y2100.timestamp()).isEqualTo(Long.MIN_VALUE);

        TelemetryGate.Verdict slightlyAhead =
                admit(TestTelemetry.request("n1", NOW + 1500, 80, true));
        assertThat(slightlyAhead.timestamp()).isEqualTo(NOW + 1500);

        TelemetryGate.Verdict fastClock =
                admit(TestTelemetry.request("n1", NOW + 240_000, 80, true));
        assertThat(fastClock.accepted()).isTrue();
        assertThat(fastClock.clamped()).isTrue();
        assertThat(fastClock.timestamp()).isEqualTo(NOW + 2000);
        assertThat(fastClock.telemetry().getEventTime().toEpochMilli()).isEqualTo(NOW + 240_000);

        assertThat(admit(TestTelemetry.request("n1", NOW + 300_001, 80, true)).reason())
                .isEqualTo(DeadLetterReason.FUTURE_EVENT_TIME);
    }

    @Test
    void keyMustBeTheNodeId() {
        Telemetry t = TestTelemetry.request("n1", NOW, 80, true);
        TelemetryGate.Verdict other = gate.admit(key("n2"), value(t), NOW);
        assertThat(other.reason()).isEqualTo(DeadLetterReason.KEY_MISMATCH);
        assertThat(other.message()).isEqualTo("record key \"n2\" but node_id is \"n1\"");
        assertThat(gate.admit(null, value(t), NOW).message()).startsWith("record key is null");
    }

    @Test
    void oversizedValuesAreNotDecoded() {
        TelemetryGate.Verdict v = gate.admit(key("n1"), new byte[1024 * 1024 + 1], NOW);
        assertThat(v.reason()).isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(v.message()).contains("1048577 bytes exceeds the 16384-byte bound");
    }

    @Test
    void decodeAndValidationFailuresCarryTheirReason() {
        assertThat(gate.admit(key("n1"), "junk".getBytes(), NOW).reason())
                .isEqualTo(DeadLetterReason.DECODE);
        assertThat(gate.admit(key("n1"), null, NOW).reason()).isEqualTo(DeadLetterReason.DECODE);
        Telemetry t = TestTelemetry.request("n1", NOW, 80, true);
        t.setDeviceClass("a/b");
        assertThat(admit(t).reason()).isEqualTo(DeadLetterReason.INVALID);
    }

    @Test
    void reasonLabelsRoundTripAndUnknownLabelsAreUnexpected() {
        for (DeadLetterReason r : DeadLetterReason.values()) {
            assertThat(DeadLetterReason.ofLabel(r.label())).isEqualTo(r);
        }
        assertThat(DeadLetterReason.ofLabel("NullPointerException"))
                .isEqualTo(DeadLetterReason.UNEXPECTED);
    }
}
