package org.qoeflow.router;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** One small HTTP server per cloud node, each counting the requests it receives. */
final class TestingBackends implements AutoCloseable {
    private final Map<String, HttpServer> servers = new LinkedHashMap<>();
    private final Map<String, AtomicLong> hits = new ConcurrentHashMap<>();
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    TestingBackends(String... names) throws IOException {
        for (String name : names) {
            HttpServer s =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            AtomicLong count = new AtomicLong();
            hits.put(name, count);
            s.createContext(
                    "/",
                    exchange -> {
                        count.incrementAndGet();
                        byte[] body = name.getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(200, body.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    });
            s.start();
            servers.put(name, s);
        }
    }

    /** Server name to its port. */
    Map<String, Integer> ports() {
        Map<String, Integer> out = new LinkedHashMap<>();
        servers.forEach((n, s) -> out.put(n, s.getAddress().getPort()));
        return out;
    }

    /**
     * Sends {@code n} requests through the load balancer at {@code port} and returns the share each
     * backend received, as the backends counted them.
     */
    Map<String, Double> shares(int port, int n) throws Exception {
        hits.values().forEach(h -> h.set(0));
        URI uri = URI.create("http://127.0.0.1:" + port + "/infer");
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r =
                    client.send(
                            HttpRequest.newBuilder(uri).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("request " + i + " got HTTP " + r.statusCode());
            }
        }
        Map<String, Double> out = new TreeMap<>();
        hits.forEach((name, h) -> out.put(name, h.get() / (double) n));
        return out;
    }

    @Override
    public void close() {
        servers.values().forEach(s -> s.stop(0));
    }
}
