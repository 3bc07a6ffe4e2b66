package org.qoeflow.jobs.otlp;

import org.qoeflow.otlp.MetricPoint;
import org.qoeflow.schema.DeadLetter;

/** What the OTLP source hands on: one mapped metric point, or a dead letter for a bad record. */
public class OtlpRecord {
    public MetricPoint point;
    public DeadLetter deadLetter;

    /** The point's event time, clamped to the job's clock for a fast producer clock. */
    public long timestamp = Long.MIN_VALUE;

    public OtlpRecord() {}

    public static OtlpRecord ok(MetricPoint p, long timestamp) {
        OtlpRecord r = new OtlpRecord();
        r.point = p;
        r.timestamp = timestamp;
        return r;
    }

    public static OtlpRecord error(DeadLetter d) {
        OtlpRecord r = new OtlpRecord();
        r.deadLetter = d;
        return r;
    }

    /** Timestamp for watermarking; dead letters never advance the watermark. */
    public long eventTimeOr(long fallback) {
        return point != null ? timestamp : fallback;
    }
}
