package org.qoeflow.router;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy process (Debian package {@code haproxy}) in front of local backends: one
 * roundrobin backend, every server at configured weight 1, an admin-level stats socket in a
 * temporary directory. {@link #restart} brings it back with the configured weights, as a reload
 * from the configuration file would.
 */
final class TestingHaproxy implements AutoCloseable {
    static final String BACKEND = "inference";

    private final Path binary;
    private final Path config;
    private final Path log;
    final Path socket;
    final int port;
    private Process process;

    private TestingHaproxy(Path binary, Path dir, Map<String, Integer> serverPorts)
            throws IOException {
        this.binary = binary;
        this.config = dir.resolve("haproxy.cfg");
        this.log = dir.resolve("haproxy.log");
        this.socket = dir.resolve("admin.sock");
        this.port = freePort();
        StringBuilder cfg =
                new StringBuilder()
                        .append("global\n")
                        .append("  stats socket ")
                        .append(socket)
                        .append(" level admin\n")
                        .append("defaults\n")
                        .append("  mode http\n")
                        .append("  timeout connect 2s\n")
                        .append("  timeout client 10s\n")
                        .append("  timeout server 10s\n")
                        .append("frontend fe\n")
                        .append("  bind 127.0.0.1:")
                        .append(port)
                        .append('\n')
                        .append("  default_backend ")
                        .append(BACKEND)
                        .append('\n')
                        .append("backend ")
                        .append(BACKEND)
                        .append('\n')
                        .append("  balance roundrobin\n");
        serverPorts.forEach(
                (name, p) ->
                        cfg.append("  server ")
                                .append(name)
                                .append(" 127.0.0.1:")
                                .append(p)
                                .append(" weight 1\n"));
        Files.writeString(config, cfg);
    }

    /** The {@code haproxy} binary on the PATH or in /usr/sbin, if installed. */
    static Path binary() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "haproxy");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static TestingHaproxy start(Path binary, Path dir, Map<String, Integer> serverPorts)
            throws Exception {
        TestingHaproxy h = new TestingHaproxy(binary, dir, serverPorts);
        h.launch();
        return h;
    }

    RuntimeApiAddress runtimeApi() {
        return RuntimeApiAddress.parse("unix:" + socket);
    }

    private void launch() throws Exception {
        // -db: stay in the foreground, so the process is HAProxy itself and can be stopped
        process =
                new ProcessBuilder(List.of(binary.toString(), "-db", "-f", config.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        HaproxySocket api = new HaproxySocket(runtimeApi(), Duration.ofSeconds(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                api.weights(BACKEND);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "HAProxy did not start: " + Files.readString(log), notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops HAProxy and starts it again from its configuration file. */
    void restart() throws Exception {
        stop();
        launch();
    }

    private void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
