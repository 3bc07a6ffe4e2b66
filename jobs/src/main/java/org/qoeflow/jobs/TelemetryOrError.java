package org.qoeflow.jobs;

import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.Telemetry;

/** What the Kafka source hands on: a decoded, valid telemetry event or a dead letter. */
public class TelemetryOrError {
    public Telemetry telemetry;
    public DeadLetter deadLetter;

    public TelemetryOrError() {}

    public static TelemetryOrError ok(Telemetry t) {
        TelemetryOrError e = new TelemetryOrError();
        e.telemetry = t;
        return e;
    }

    public static TelemetryOrError error(DeadLetter d) {
        TelemetryOrError e = new TelemetryOrError();
        e.deadLetter = d;
        return e;
    }

    /** Event time for watermarking; dead letters never advance the watermark. */
    public long eventTimeOr(long fallback) {
        return telemetry != null ? telemetry.getEventTime().toEpochMilli() : fallback;
    }
}
