package org.qoeflow.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qoeflow.cli.Qoeflow;
import org.qoeflow.common.Durations;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.LawOverrides;
import org.qoeflow.controller.service.ControllerEntrypoint;
import org.qoeflow.schema.ControlKeys;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** Checks the controller Deployment against the real {@code qoeflow controller} command line. */
final class ControllerChecks {
    static final String DEPLOYMENT = "qoeflow-controller";
    static final String CONTAINER = "controller";
    static final String METRICS_HOST = "--metrics-host";

    private ControllerChecks() {}

    /**
     * The controller's problems. {@code notes} receives what could not be checked yet (an option
     * the manifest uses that this branch's entrypoint does not have).
     */
    static List<String> check(Manifests m, Path tmp, List<String> notes) {
        List<String> problems = new ArrayList<>();
        Optional<Manifests.Doc> found = m.find("Deployment", DEPLOYMENT);
        if (found.isEmpty()) {
            return List.of("no Deployment " + DEPLOYMENT);
        }
        Manifests.Doc dep = found.get();
        PodView pod = PodView.of(dep);
        if (dep.node().path("spec").path("replicas").asInt(1) < 2) {
            problems.add(dep + ": fewer than 2 replicas, no standby leader");
        }
        if (!pod.hasLabels(dep.node().path("spec").path("selector").path("matchLabels"))) {
            problems.add(dep + ": selector does not match the pod template's labels");
        }
        Optional<JsonNode> c = pod.container(CONTAINER);
        if (c.isEmpty()) {
            return List.of(dep + ": no container '" + CONTAINER + "'");
        }
        JsonNode container = c.get();
        List<String> command = ManifestChecks.strings(container.path("command"));
        if (!command.equals(List.of("qoeflow"))) {
            problems.add(dep + ": command " + command + ", expected [qoeflow]");
        }
        List<String> args = ManifestChecks.strings(container.path("args"));
        CommandLine cli = new CommandLine(new Qoeflow());
        CommandSpec spec = cli.getSubcommands().get("controller").getCommandSpec();
        if (spec.findOption(METRICS_HOST) == null && args.contains(METRICS_HOST)) {
            notes.add(
                    "ControllerEntrypoint has no "
                            + METRICS_HOST
                            + " on this branch: parsed the"
                            + " controller args without it; the check of its value runs once it exists");
            args = withoutOption(args, METRICS_HOST);
        }
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            problems.add(dep + ": qoeflow " + String.join(" ", args) + ": " + e.getMessage());
            return problems;
        }
        ParseResult sub = parsed.subcommand();
        if (sub == null || !(sub.commandSpec().userObject() instanceof ControllerEntrypoint)) {
            problems.add(dep + ": args do not run the controller subcommand: " + args);
            return problems;
        }
        problems.addAll(options(m, dep, pod, container, sub.commandSpec(), tmp));
        problems.addAll(security(dep, pod, container));
        return problems;
    }

    private static List<String> options(
            Manifests m,
            Manifests.Doc dep,
            PodView pod,
            JsonNode container,
            CommandSpec ctl,
            Path tmp) {
        List<String> problems = new ArrayList<>();
        problems.addAll(ManifestChecks.bootstrap(m, dep.toString(), value(ctl, "--bootstrap")));
        try {
            Durations.parse(value(ctl, "--session-timeout"));
        } catch (RuntimeException e) {
            problems.add(dep + ": --session-timeout: " + e.getMessage());
        }
        OptionSpec host = ctl.findOption(METRICS_HOST);
        if (host != null && !"0.0.0.0".equals(String.valueOf((Object) host.getValue()))) {
            problems.add(
                    dep
                            + ": "
                            + METRICS_HOST
                            + " "
                            + host.getValue()
                            + ": Prometheus scrapes the pod IP, bind 0.0.0.0");
        }
        problems.addAll(metricsPort(m, dep, pod, container, ctl));
        problems.addAll(lawOverrides(dep, ctl));
        String props = value(ctl, "--kafka-properties");
        if (props != null) {
            pod.mountedFile(m, container, props, "--kafka-properties", problems);
        }
        String key = value(ctl, "--signing-key");
        if (key == null) {
            problems.add(dep + ": no --signing-key: the fleet rejects unsigned updates");
        } else {
            String file = Path.of(key).getFileName().toString();
            if (!file.matches("[A-Za-z0-9._-]{1,64}\\.key")) {
                problems.add(dep + ": --signing-key " + key + " is not <keyId>.key");
            }
            pod.mountedFile(m, container, key, "--signing-key", problems)
                    .ifPresent(
                            content -> {
                                if (isPrivateKey(tmp, file, content)) {
                                    problems.add(
                                            dep
                                                    + ": the Secret in deploy/k8s holds a real private key:"
                                                    + " never commit one, create the Secret with kubectl");
                                }
                            });
        }
        return problems;
    }

    /** The manifest's {@code --law} overrides pass the law's own parser and ranges. */
    private static List<String> lawOverrides(Manifests.Doc dep, CommandSpec ctl) {
        List<String> items = ctl.findOption("--law").getValue();
        try {
            LawOverrides o = LawOverrides.parse(items);
            o.applyTo(LawOptions.DEFAULTS);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(dep + ": " + e.getMessage());
        }
    }

    /** The metrics port is a named container port, probed by name and scraped by a PodMonitor. */
    private static List<String> metricsPort(
            Manifests m, Manifests.Doc dep, PodView pod, JsonNode container, CommandSpec ctl) {
        List<String> problems = new ArrayList<>();
        int port = ctl.findOption("--metrics-port").getValue();
        Map<String, Integer> named = pod.namedPorts();
        String portName =
                named.entrySet().stream()
                        .filter(e -> e.getValue() == port)
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .orElse(null);
        if (port == 0 || portName == null) {
            problems.add(dep + ": --metrics-port " + port + " is no named container port " + named);
            return problems;
        }
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            if (!get.path("port").isTextual() || !get.path("port").asText().equals(portName)) {
                problems.add(
                        dep
                                + ": "
                                + probe
                                + " must use the named metrics port '"
                                + portName
                                + "', has "
                                + get.path("port"));
            }
            if (!List.of("/-/healthy", "/metrics").contains(get.path("path").asText())) {
                problems.add(
                        dep
                                + ": "
                                + probe
                                + " path "
                                + get.path("path")
                                + " is not served by the metrics server");
            }
        }
        boolean scraped =
                m.ofKind("PodMonitor").stream()
                        .anyMatch(
                                pm ->
                                        pod.hasLabels(
                                                        pm.node()
                                                                .path("spec")
                                                                .path("selector")
                                                                .path("matchLabels"))
                                                && pm.node()
                                                        .path("spec")
                                                        .path("podMetricsEndpoints")
                                                        .findValuesAsText("port")
                                                        .contains(portName));
        if (!scraped) {
            problems.add(dep + ": no PodMonitor scrapes its metrics port '" + portName + "'");
        }
        return problems;
    }

    private static List<String> security(Manifests.Doc dep, PodView pod, JsonNode container) {
        List<String> problems = new ArrayList<>();
        JsonNode psc = pod.spec().path("securityContext");
        JsonNode csc = container.path("securityContext");
        if (!psc.path("runAsNonRoot").asBoolean() && !csc.path("runAsNonRoot").asBoolean()) {
            problems.add(dep + ": runAsNonRoot is not set");
        }
        if (!csc.path("readOnlyRootFilesystem").asBoolean()) {
            problems.add(dep + ": readOnlyRootFilesystem is not set");
        }
        if (csc.path("allowPrivilegeEscalation").asBoolean(true)) {
            problems.add(dep + ": allowPrivilegeEscalation is not false");
        }
        boolean tmpWritable = false;
        for (JsonNode mount : container.path("volumeMounts")) {
            tmpWritable |=
                    mount.path("mountPath").asText().equals("/tmp")
                            && !mount.path("readOnly").asBoolean();
        }
        if (!tmpWritable) {
            problems.add(dep + ": read-only root but no writable /tmp for the JVM");
        }
        for (String kind : List.of("requests", "limits")) {
            JsonNode r = container.path("resources").path(kind);
            if (!r.has("cpu") || !r.has("memory")) {
                problems.add(dep + ": resources." + kind + " needs cpu and memory");
            }
        }
        return problems;
    }

    private static boolean isPrivateKey(Path tmp, String file, String content) {
        try {
            ControlKeys.privateKey(ManifestChecks.writeTemp(tmp.resolve("keys"), file, content));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String value(CommandSpec spec, String option) {
        Object v = spec.findOption(option).getValue();
        return v == null ? null : v.toString();
    }

    static List<String> withoutOption(List<String> args, String option) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option)) {
                i++;
            } else {
                out.add(args.get(i));
            }
        }
        return out;
    }
}
