package org.qoeflow.flink.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Iterator;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.util.PortRange;

/**
 * The stock reporter's metric mapping ({@link AbstractPrometheusReporter}) served on one address;
 * the first free port of the range is taken, as the stock reporter does.
 */
final class BoundPrometheusReporter extends AbstractPrometheusReporter {
    private final HTTPServer server;
    private final int port;

    BoundPrometheusReporter(String host, PortRange ports) {
        CollectorRegistry registry = registry(this);
        Iterator<Integer> it = ports.getPortsIterator();
        HTTPServer s = null;
        int bound = -1;
        IOException last = null;
        while (s == null && it.hasNext()) {
            int p = it.next();
            try {
                s = new HTTPServer(new InetSocketAddress(host, p), registry, true);
                bound = p;
            } catch (IOException e) {
                last = e;
            }
        }
        if (s == null) {
            throw new IllegalStateException(
                    "no free port in " + ports + " on " + host + " for the Prometheus reporter",
                    last);
        }
        this.server = s;
        this.port = bound;
        log.info("Prometheus reporter listening on {}:{}", host, bound);
    }

    int port() {
        return port;
    }

    /** The registry the abstract reporter fills: package-private there, read once here. */
    private static CollectorRegistry registry(AbstractPrometheusReporter r) {
        try {
            Field f = AbstractPrometheusReporter.class.getDeclaredField("registry");
            f.setAccessible(true);
            return (CollectorRegistry) f.get(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "this Flink's AbstractPrometheusReporter has no registry field; use its own"
                            + " PrometheusReporterFactory",
                    e);
        }
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }
}
