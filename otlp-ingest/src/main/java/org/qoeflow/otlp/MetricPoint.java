package org.qoeflow.otlp;

import org.qoeflow.schema.Tier;

/**
 * One mapped OTLP data point of one series, before or after delta conversion: which node and series
 * it belongs to, what it measures, and its value or histogram buckets. A plain mutable object with
 * public fields, so a stream processor can serialize it as a POJO.
 */
public class MetricPoint {
    /** Node id, metric name and point attributes: the identity of one time series. */
    public String series;

    public String nodeId;
    public Tier tier;
    public String region;
    public String deviceClass;
    public String modelVariant;
    public Signal signal;

    /** True for a cumulative sum or histogram, false for a gauge or a delta point. */
    public boolean cumulative;

    public long startNanos;
    public long timeNanos;

    /** Gauge reading or counter value. */
    public double value;

    /** Histogram bucket upper bounds in ms (empty for gauges and counters). */
    public double[] boundsMs = new double[0];

    /** Histogram bucket counts, {@code boundsMs.length + 1} of them. */
    public long[] counts = new long[0];

    /** The point counts failed requests (an outcome counter or a latency histogram). */
    public boolean failed;

    public MetricPoint() {}

    /** A copy with its own arrays. */
    public MetricPoint copy() {
        MetricPoint p = new MetricPoint();
        p.series = series;
        p.nodeId = nodeId;
        p.tier = tier;
        p.region = region;
        p.deviceClass = deviceClass;
        p.modelVariant = modelVariant;
        p.signal = signal;
        p.cumulative = cumulative;
        p.startNanos = startNanos;
        p.timeNanos = timeNanos;
        p.value = value;
        p.boundsMs = boundsMs.clone();
        p.counts = counts.clone();
        p.failed = failed;
        return p;
    }

    /** Event time in epoch milliseconds. */
    public long timeMillis() {
        return timeNanos / 1_000_000L;
    }

    @Override
    public String toString() {
        return signal + " " + series + " @" + timeNanos + " value=" + value;
    }
}
