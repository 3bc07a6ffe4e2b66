package org.qoeflow.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.metrics.MetricConfig;
import org.junit.jupiter.api.Test;

class BoundPrometheusReporterTest {
    @Test
    void servesMetricsOnLoopbackOnly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Properties p = new Properties();
        p.setProperty("port", port + "-" + (port + 2));
        BoundPrometheusReporter r =
                (BoundPrometheusReporter)
                        new BoundPrometheusReporterFactory().createMetricReporter(p);
        try {
            r.open(new MetricConfig());
            HttpResponse<String> page =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + r.port()
                                                                    + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            // The metric mapping is the stock reporter's; LocalStackITCase reads job metrics here.
            assertThat(page.statusCode()).isEqualTo(200);
            Optional<InetAddress> other = nonLoopbackAddress();
            if (other.isPresent()) {
                assertThat(connects(other.get(), r.port()))
                        .as("reachable on " + other.get())
                        .isFalse();
            } else {
                System.out.println("BoundPrometheusReporterTest: no non-loopback address to probe");
            }
        } finally {
            r.close();
        }
    }

    static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(n.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address && n.isUp()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    static boolean connects(InetAddress a, int port) {
        try (Socket s = new Socket()) {
            s.connect(new java.net.InetSocketAddress(a, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
