package org.qoeflow.qoe;

/**
 * Why a telemetry record became a dead letter: the machine-readable {@code error_class} of the dead
 * letter and the {@code reason} label of the job's dead-letter counter (a closed set, so the
 * label's cardinality is bounded).
 */
public enum DeadLetterReason {
    /** The value is larger than any telemetry record can be; not decoded at all. */
    OVERSIZED("Oversized"),
    /** Not a single-object encoded Telemetry, unknown writer schema, or a corrupt body. */
    DECODE("DecodeException"),
    /** Decoded, but a value is outside its plausible range or an identifier has a bad syntax. */
    INVALID("InvalidTelemetry"),
    /** The record key is not the event's node id, so per-node ordering cannot hold. */
    KEY_MISMATCH("KeyMismatch"),
    /** Event time further ahead of the job's clock than the allowed future skew. */
    FUTURE_EVENT_TIME("FutureEventTime"),
    /** Arrived after its window closed and the allowed lateness passed. */
    LATE_EVENT("LateEvent"),
    /** A bug of ours met this record; the message names the exception. */
    UNEXPECTED("Unexpected");

    private final String label;

    DeadLetterReason(String label) {
        this.label = label;
    }

    /** The {@code error_class} string and metric label value. */
    public String label() {
        return label;
    }

    /** The reason with this label, {@link #UNEXPECTED} for anything else. */
    public static DeadLetterReason ofLabel(String label) {
        for (DeadLetterReason r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        return UNEXPECTED;
    }
}
