package org.qoeflow.otlp;

/**
 * What {@link CumulativeDelta} remembers of one series: its last point's time, and for a cumulative
 * series the start time and running totals the next delta is taken against. Public fields, so a
 * stream processor can keep it as POJO state.
 */
public class SeriesState {
    public long timeNanos;
    public boolean hasTotals;
    public long startNanos;
    public double value;
    public double[] boundsMs = new double[0];
    public long[] counts = new long[0];

    public SeriesState() {}

    static SeriesState of(MetricPoint p) {
        SeriesState s = new SeriesState();
        s.timeNanos = p.timeNanos;
        if (p.cumulative) {
            s.hasTotals = true;
            s.startNanos = p.startNanos;
            s.value = p.value;
            s.boundsMs = p.boundsMs.clone();
            s.counts = p.counts.clone();
        }
        return s;
    }
}
