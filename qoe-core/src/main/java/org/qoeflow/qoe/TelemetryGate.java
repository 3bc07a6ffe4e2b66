package org.qoeflow.qoe;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.qoeflow.common.Checks;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Topics;

/**
 * Admits one raw telemetry record (key and value bytes) at the job's source: size bound, hardened
 * decode, validation, key = node id, and event time against the job's clock. Never throws.
 *
 * <p>Clock policy: an event up to {@code clampAhead} ahead of the job's clock keeps its event time;
 * one further ahead but within {@code maxFutureSkew} (a device with a fast clock) is kept but its
 * timestamp is clamped to {@code now + clampAhead}, so it can never move the watermark past the
 * job's clock; beyond {@code maxFutureSkew} it is a {@link DeadLetterReason#FUTURE_EVENT_TIME}.
 */
public final class TelemetryGate implements Serializable {
    /** A real Telemetry record is about 100 bytes, 700 with every identifier at its maximum. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024;

    private final int maxRecordBytes;
    private final long maxFutureSkewMs;
    private final long clampAheadMs;

    /** What became of one record: an event and its timestamp, or a reason and a message. */
    public record Verdict(
            Telemetry telemetry, long timestamp, DeadLetterReason reason, String message) {
        public boolean accepted() {
            return telemetry != null;
        }

        /** True when the timestamp is earlier than the event time: a fast device clock. */
        public boolean clamped() {
            return accepted() && timestamp < telemetry.getEventTime().toEpochMilli();
        }

        static Verdict reject(DeadLetterReason reason, String message) {
            return new Verdict(null, Long.MIN_VALUE, reason, message);
        }
    }

    public TelemetryGate(int maxRecordBytes, Duration maxFutureSkew, Duration clampAhead) {
        Checks.atLeast("max record bytes", maxRecordBytes, 64);
        Checks.nonNegative("--max-future-skew", maxFutureSkew);
        Checks.nonNegative("--max-out-of-orderness", clampAhead);
        this.maxRecordBytes = maxRecordBytes;
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
        this.clampAheadMs = Math.min(clampAhead.toMillis(), maxFutureSkewMs);
    }

    public Verdict admit(byte[] key, byte[] value, long nowMs) {
        try {
            return check(key, value, nowMs);
        } catch (RuntimeException e) {
            return Verdict.reject(
                    DeadLetterReason.UNEXPECTED,
                    e.getClass().getName() + ": " + Bounded.text(e.getMessage(), 512));
        }
    }

    private Verdict check(byte[] key, byte[] value, long nowMs) {
        if (value != null && value.length > maxRecordBytes) {
            return Verdict.reject(
                    DeadLetterReason.OVERSIZED,
                    "value of "
                            + value.length
                            + " bytes exceeds the "
                            + maxRecordBytes
                            + "-byte bound of a telemetry record; not decoded");
        }
        Telemetry t;
        try {
            t = Topics.TELEMETRY.codec().decode(value);
        } catch (DecodeException e) {
            return Verdict.reject(DeadLetterReason.DECODE, Bounded.text(e.getMessage(), 512));
        }
        Optional<String> problem = TelemetryValidator.problem(t);
        if (problem.isPresent()) {
            return Verdict.reject(DeadLetterReason.INVALID, problem.get());
        }
        byte[] nodeId = t.getNodeId().getBytes(StandardCharsets.UTF_8);
        if (!Arrays.equals(key, nodeId)) {
            return Verdict.reject(
                    DeadLetterReason.KEY_MISMATCH,
                    "record key "
                            + (key == null
                                    ? "is null"
                                    : "\""
                                            + Bounded.text(
                                                    new String(key, StandardCharsets.UTF_8), 64)
                                            + "\"")
                            + " but node_id is \""
                            + t.getNodeId()
                            + "\"");
        }
        long eventTime = t.getEventTime().toEpochMilli();
        long ahead = eventTime - nowMs;
        if (ahead > maxFutureSkewMs) {
            return Verdict.reject(
                    DeadLetterReason.FUTURE_EVENT_TIME,
                    "event_time "
                            + t.getEventTime()
                            + " is "
                            + Duration.ofMillis(ahead)
                            + " ahead of the job's clock "
                            + Instant.ofEpochMilli(nowMs)
                            + " (max future skew "
                            + Duration.ofMillis(maxFutureSkewMs)
                            + ")");
        }
        return new Verdict(t, Math.min(eventTime, nowMs + clampAheadMs), null, null);
    }
}
