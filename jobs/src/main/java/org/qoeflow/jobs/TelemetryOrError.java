package org.qoeflow.jobs;

import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.Telemetry;

/** What the Kafka source hands on: a decoded, valid telemetry event or a dead letter. */
public class TelemetryOrError {
    public Telemetry telemetry;
    public DeadLetter deadLetter;

    /** Event time, or the job's clock for a device whose clock runs ahead (see TelemetryGate). */
    public long timestamp = Long.MIN_VALUE;

    public boolean clamped;

    public TelemetryOrError() {}

    public static TelemetryOrError ok(Telemetry t) {
        return ok(t, t.getEventTime().toEpochMilli(), false);
    }

    public static TelemetryOrError ok(Telemetry t, long timestamp, boolean clamped) {
        TelemetryOrError e = new TelemetryOrError();
        e.telemetry = t;
        e.timestamp = timestamp;
        e.clamped = clamped;
        return e;
    }

    public static TelemetryOrError error(DeadLetter d) {
        TelemetryOrError e = new TelemetryOrError();
        e.deadLetter = d;
        return e;
    }

    /** Timestamp for watermarking; dead letters never advance the watermark. */
    public long eventTimeOr(long fallback) {
        return telemetry != null ? timestamp : fallback;
    }
}
