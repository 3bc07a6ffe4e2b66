package org.qoeflow.cli.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Debian's Prometheus and Alertmanager for the local stack: the configuration in {@code
 * deploy/prometheus} and {@code deploy/alertmanager} copied into the run folder with the default
 * local addresses replaced by the stack's own.
 */
final class Monitoring {
    static final String PROMETHEUS_BIN = "prometheus";
    static final String ALERTMANAGER_BIN = "prometheus-alertmanager";

    private final StackHome home;
    private final Path runDir;
    private final StackPorts ports;

    Monitoring(StackHome home, Path runDir, StackPorts ports) {
        this.home = home;
        this.runDir = runDir;
        this.ports = ports;
    }

    /** The first binary not on the PATH, if any. */
    Optional<String> missingBinaries() {
        for (String b : List.of(PROMETHEUS_BIN, ALERTMANAGER_BIN)) {
            if (which(b).isEmpty()) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    static Optional<Path> which(String binary) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, binary);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    Path prometheusDir() {
        return runDir.resolve("prometheus");
    }

    Path alertmanagerDir() {
        return runDir.resolve("alertmanager");
    }

    /** Copies both configurations into the run folder with this stack's addresses. */
    void render() throws IOException {
        copy(home.root().resolve("deploy/prometheus"), prometheusDir());
        copy(home.root().resolve("deploy/alertmanager"), alertmanagerDir());
    }

    private void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IOException("missing " + from);
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")) {
                    Files.writeString(target, localize(Files.readString(f)));
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Replaces each default {@code 127.0.0.1:<port>} with this stack's host and port. */
    String localize(String text) {
        String s = text;
        for (var e : StackPorts.DEFAULTS.ports().entrySet()) {
            s =
                    s.replace(
                            StackPorts.DEFAULTS.host() + ":" + e.getValue(),
                            "\u0000" + e.getKey() + "\u0000");
        }
        for (var e : ports.ports().entrySet()) {
            s = s.replace("\u0000" + e.getKey() + "\u0000", ports.host() + ":" + e.getValue());
        }
        return s;
    }

    List<String> prometheusCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(which(PROMETHEUS_BIN).orElseThrow().toString());
        cmd.add("--config.file=" + prometheusDir().resolve("prometheus.yml"));
        cmd.add("--storage.tsdb.path=" + runDir.resolve("prometheus-data"));
        cmd.add("--web.listen-address=" + ports.address(StackPorts.PROMETHEUS));
        cmd.add("--web.enable-lifecycle");
        return cmd;
    }

    List<String> alertmanagerCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(which(ALERTMANAGER_BIN).orElseThrow().toString());
        cmd.add("--config.file=" + alertmanagerDir().resolve("alertmanager.yml"));
        cmd.add("--storage.path=" + runDir.resolve("alertmanager-data"));
        cmd.add("--web.listen-address=" + ports.address(StackPorts.ALERTMANAGER));
        cmd.add("--cluster.listen-address="); // a single local instance: no gossip port
        return cmd;
    }
}
