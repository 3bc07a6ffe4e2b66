package org.qoeflow.flink.metrics;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.PortRange;

/**
 * Flink's Prometheus reporter on a chosen address: {@code metrics.reporter.prom.host} (default
 * 127.0.0.1) and {@code metrics.reporter.prom.port} (a port or range). Flink 2.2's own {@code
 * PrometheusReporterFactory} takes only a port and listens on every interface.
 */
public final class BoundPrometheusReporterFactory implements MetricReporterFactory {
    static final String ARG_HOST = "host";
    static final String ARG_PORT = "port";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        String host = properties.getProperty(ARG_HOST, "127.0.0.1");
        String port = properties.getProperty(ARG_PORT, "9249");
        return new BoundPrometheusReporter(host, new PortRange(port));
    }
}
