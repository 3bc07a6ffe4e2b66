package org.qoeflow.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.qoeflow.cli.Qoeflow;
import org.qoeflow.router.RouterConfig;
import org.qoeflow.router.ServerRef;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Checks the HAProxy Deployment with its router sidecar against the real {@code qoeflow router
 * haproxy} command line, the router's own config loader and the HAProxy configuration it drives.
 */
final class RouterChecks {
    static final String DEPLOYMENT = "qoeflow-haproxy";

    private RouterChecks() {}

    static List<String> check(Manifests m) {
        Optional<Manifests.Doc> found = m.find("Deployment", DEPLOYMENT);
        if (found.isEmpty()) {
            return List.of("no Deployment " + DEPLOYMENT);
        }
        Manifests.Doc dep = found.get();
        PodView pod = PodView.of(dep);
        Optional<JsonNode> router = pod.container("router");
        Optional<JsonNode> haproxy = pod.container("haproxy");
        if (router.isEmpty() || haproxy.isEmpty()) {
            return List.of(dep + ": needs containers 'router' and 'haproxy'");
        }
        List<String> problems = new ArrayList<>();
        List<String> args = ManifestChecks.strings(router.get().path("args"));
        ParseResult parsed;
        try {
            parsed = new CommandLine(new Qoeflow()).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return List.of(dep + ": qoeflow " + String.join(" ", args) + ": " + e.getMessage());
        }
        ParseResult sub = parsed.subcommand() == null ? null : parsed.subcommand().subcommand();
        if (sub == null || !sub.commandSpec().qualifiedName().equals("qoeflow router haproxy")) {
            return List.of(dep + ": args do not run 'qoeflow router haproxy': " + args);
        }
        CommandSpec spec = sub.commandSpec();
        problems.addAll(ManifestChecks.bootstrap(m, dep.toString(), value(spec, "--bootstrap")));
        pod.mountedFile(m, router.get(), value(spec, "--trust"), "--trust", problems);
        String props = value(spec, "--kafka-properties");
        if (props != null) {
            pod.mountedFile(m, router.get(), props, "--kafka-properties", problems);
        }
        int port = spec.findOption("--metrics-port").getValue();
        if (!pod.namedPorts().containsValue(port)) {
            problems.add(dep + ": --metrics-port " + port + " is no named container port");
        }
        Optional<String> yaml =
                pod.mountedFile(m, router.get(), value(spec, "--config"), "--config", problems);
        if (yaml.isEmpty()) {
            return problems;
        }
        RouterConfig cfg;
        try {
            cfg = RouterConfig.parse(yaml.get());
        } catch (IllegalArgumentException e) {
            problems.add(dep + ": router --config: " + e.getMessage());
            return problems;
        }
        Path socket = cfg.runtimeApi().unixSocket();
        if (socket == null) {
            problems.add(dep + ": the runtime API must be the pod's unix socket, not TCP");
            return problems;
        }
        String volume = volumeAt(router.get(), socket);
        if (volume == null || !volume.equals(volumeAt(haproxy.get(), socket))) {
            problems.add(dep + ": " + socket + " is not on a volume both containers mount");
        }
        haproxyConfig(m, pod, haproxy.get())
                .ifPresent(text -> problems.addAll(matches(dep, cfg, text)));
        return problems;
    }

    /** The haproxy.cfg of the Deployment's haproxy container; empty when there is none. */
    static Optional<String> haproxyConfig(Manifests m) {
        return m.find("Deployment", DEPLOYMENT)
                .flatMap(
                        d -> {
                            PodView pod = PodView.of(d);
                            return pod.container("haproxy").flatMap(c -> haproxyConfig(m, pod, c));
                        });
    }

    /** The haproxy.cfg the haproxy container runs (its {@code -f} argument). */
    private static Optional<String> haproxyConfig(Manifests m, PodView pod, JsonNode haproxy) {
        List<String> args = ManifestChecks.strings(haproxy.path("args"));
        return ManifestChecks.valueOf(args, "-f")
                .flatMap(f -> pod.mountedFile(m, haproxy, f, "-f", new ArrayList<>()));
    }

    /** The config exposes the router's socket at level admin and has every mapped server. */
    static List<String> matches(Manifests.Doc dep, RouterConfig cfg, String haproxyCfg) {
        List<String> problems = new ArrayList<>();
        Set<ServerRef> servers = new HashSet<>();
        boolean adminSocket = false;
        String backend = null;
        for (String raw : haproxyCfg.lines().toList()) {
            String line = raw.strip();
            String[] w = line.split("\\s+");
            if (!raw.startsWith(" ") && !raw.startsWith("\t")) {
                backend = w[0].equals("backend") && w.length > 1 ? w[1] : null;
            } else if (backend != null && w[0].equals("server") && w.length > 1) {
                servers.add(new ServerRef(backend, w[1]));
            }
            adminSocket |=
                    line.startsWith("stats socket " + cfg.runtimeApi().unixSocket() + " ")
                            && line.contains("level admin");
        }
        if (!adminSocket) {
            problems.add(
                    dep
                            + ": haproxy.cfg has no 'stats socket "
                            + cfg.runtimeApi().unixSocket()
                            + " ... level admin'");
        }
        cfg.regions()
                .forEach(
                        (region, mapping) ->
                                mapping.forEach(
                                        (node, server) -> {
                                            if (!servers.contains(server)) {
                                                problems.add(
                                                        dep
                                                                + ": router maps "
                                                                + node
                                                                + " to "
                                                                + server
                                                                + ", which haproxy.cfg does not"
                                                                + " define");
                                            }
                                        }));
        return problems;
    }

    /**
     * Runs {@code haproxy -c -f cfg}, failing with its output unless the configuration is valid;
     * skipped, with one line naming the Debian package, where haproxy is not installed.
     */
    static void haproxyAccepts(Path cfg) throws Exception {
        Path binary = null;
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "haproxy"))) {
                binary = Path.of(dir, "haproxy");
                break;
            }
        }
        if (binary == null) {
            System.out.println(
                    "SKIPPED haproxy -c of deploy/k8s/45-router-haproxy.yaml: haproxy not on PATH;"
                            + " install with: apt-get install haproxy");
        }
        Assumptions.assumeTrue(binary != null, "haproxy not installed (Debian package haproxy)");
        Process p =
                new ProcessBuilder(binary.toString(), "-c", "-f", cfg.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("haproxy -c finishes").isTrue();
        assertThat(p.exitValue()).as("haproxy -c -f %s%n%s", cfg, output).isZero();
    }

    private static String volumeAt(JsonNode container, Path file) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (file.startsWith(Path.of(mount.path("mountPath").asText()))) {
                return mount.path("name").asText();
            }
        }
        return null;
    }

    private static String value(CommandSpec spec, String option) {
        Object v = spec.findOption(option).getValue();
        return v == null ? null : v.toString();
    }
}
