package org.qoeflow.cli.bench;

import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter for the bench's in-process MiniCluster: holds the job's own {@code
 * telemetry_records_total} counters (one per source subtask), so the bench reads exactly how many
 * records the job has taken in, with no polling of Kafka offsets or REST.
 */
public final class RecordCounter implements MetricReporter {
    static final String METRIC = "telemetry_records_total";
    private static final CopyOnWriteArrayList<Counter> COUNTERS = new CopyOnWriteArrayList<>();

    /** Records the running job has taken in so far, over every subtask. */
    static long recordsIn() {
        long sum = 0;
        for (Counter c : COUNTERS) {
            sum += c.getCount();
        }
        return sum;
    }

    /** Forgets the counters of a previous job in this JVM. */
    static void reset() {
        COUNTERS.clear();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (METRIC.equals(name) && metric instanceof Counter c) {
            COUNTERS.add(c);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    /** Named in the MiniCluster's configuration ({@code metrics.reporter.bench.factory.class}). */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new RecordCounter();
        }
    }
}
