package org.qoeflow.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * Checks of the deploy/k8s manifests against the code and against each other. Each method returns
 * the problems it found (empty = consistent), so a test can also break a manifest on purpose and
 * see the check report it.
 */
final class ManifestChecks {
    static final String NAMESPACE = "qoeflow";
    static final Pattern BOOTSTRAP_HOST =
            Pattern.compile(
                    "([a-z0-9-]+)-kafka-bootstrap(?:\\.([a-z0-9-]+)\\.svc(?:\\.cluster\\.local)?)?");

    private ManifestChecks() {}

    /** Every KafkaTopic is a {@link Topics} descriptor and every descriptor has one. */
    static List<String> topics(Manifests m) {
        List<String> problems = new ArrayList<>();
        Map<String, TopicDescriptor<?>> known = new LinkedHashMap<>();
        Topics.all().forEach(d -> known.put(d.name(), d));
        Set<String> topicConfigs = stringConstants(TopicConfig.class, "_CONFIG");
        Set<String> seen = new HashSet<>();
        for (Manifests.Doc t : m.ofKind("KafkaTopic")) {
            JsonNode spec = t.node().path("spec");
            String name = spec.path("topicName").asText(t.name());
            TopicDescriptor<?> d = known.get(name);
            if (d == null) {
                problems.add(t + ": topic " + name + " is not a descriptor in Topics.all()");
                continue;
            }
            if (!seen.add(name)) {
                problems.add(t + ": topic " + name + " has more than one KafkaTopic");
            }
            String cluster =
                    t.node().path("metadata").path("labels").path("strimzi.io/cluster").asText();
            if (m.find("Kafka", cluster).isEmpty()) {
                problems.add(
                        t + ": label strimzi.io/cluster '" + cluster + "' names no Kafka resource");
            }
            String policy = spec.path("config").path("cleanup.policy").asText("delete");
            if (!policy.equals(d.cleanupPolicy().kafkaValue())) {
                problems.add(
                        t
                                + ": cleanup.policy "
                                + policy
                                + ", but Topics says "
                                + d.cleanupPolicy().kafkaValue());
            }
            int partitions = spec.path("partitions").asInt(0);
            if (partitions < 1 || partitions != d.partitions(partitions)) {
                problems.add(
                        t
                                + ": "
                                + partitions
                                + " partitions, the descriptor requires "
                                + d.partitions(partitions));
            }
            int replicas = spec.path("replicas").asInt(0);
            int brokers = brokers(m, cluster);
            if (replicas < 1 || replicas > brokers) {
                problems.add(t + ": replicas " + replicas + " with " + brokers + " brokers");
            }
            int minIsr = spec.path("config").path("min.insync.replicas").asInt(1);
            if (minIsr >= replicas && replicas > 1) {
                problems.add(
                        t
                                + ": min.insync.replicas "
                                + minIsr
                                + " leaves no replica to lose of "
                                + replicas);
            }
            spec.path("config")
                    .fieldNames()
                    .forEachRemaining(
                            k -> {
                                if (!topicConfigs.contains(k)) {
                                    problems.add(t + ": '" + k + "' is not a Kafka topic config");
                                }
                            });
        }
        for (String name : known.keySet()) {
            if (!seen.contains(name)) {
                problems.add("no KafkaTopic for " + name + " (Topics.all())");
            }
        }
        return problems;
    }

    /** Broker nodes of a Strimzi cluster: its node pools with the broker role. */
    static int brokers(Manifests m, String cluster) {
        int n = 0;
        for (Manifests.Doc pool : m.ofKind("KafkaNodePool")) {
            boolean mine =
                    pool.node()
                            .path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText()
                            .equals(cluster);
            boolean broker = false;
            for (JsonNode r : pool.node().path("spec").path("roles")) {
                broker |= r.asText().equals("broker");
            }
            if (mine && broker) {
                n += pool.node().path("spec").path("replicas").asInt();
            }
        }
        return n;
    }

    /** The Kafka client ConfigMap holds properties whose every key is a client config name. */
    static List<String> kafkaClientConfig(Manifests m, String configMap, String key) {
        List<String> problems = new ArrayList<>();
        Optional<Manifests.Doc> cm = m.find("ConfigMap", configMap);
        if (cm.isEmpty() || !cm.get().node().path("data").has(key)) {
            return List.of("no ConfigMap " + configMap + " with key " + key);
        }
        Set<String> names = new TreeSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        Properties p = properties(cm.get().node().path("data").path(key).asText());
        for (String k : p.stringPropertyNames()) {
            if (!names.contains(k)) {
                problems.add(
                        cm.get()
                                + ": '"
                                + k
                                + "' is not a Kafka producer, consumer or admin config");
            }
            if (k.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                problems.add(
                        cm.get()
                                + ": bootstrap.servers belongs on --bootstrap, where the drift test checks it");
            }
        }
        return problems;
    }

    /**
     * Each bootstrap address names a Strimzi Kafka's bootstrap service and one of its listener
     * ports.
     */
    static List<String> bootstrap(Manifests m, String owner, String servers) {
        List<String> problems = new ArrayList<>();
        if (servers == null || servers.isBlank()) {
            return List.of(owner + ": no bootstrap servers");
        }
        for (String server : servers.split(",")) {
            String[] hp = server.trim().split(":");
            Matcher host = BOOTSTRAP_HOST.matcher(hp[0]);
            if (hp.length != 2 || !host.matches()) {
                problems.add(
                        owner
                                + ": bootstrap "
                                + server
                                + " is not <kafka>-kafka-bootstrap[.<ns>.svc]:<port>");
                continue;
            }
            Optional<Manifests.Doc> kafka = m.find("Kafka", host.group(1));
            if (kafka.isEmpty()) {
                problems.add(owner + ": bootstrap " + server + ": no Kafka named " + host.group(1));
                continue;
            }
            if (host.group(2) != null && !host.group(2).equals(kafka.get().namespace())) {
                problems.add(
                        owner
                                + ": bootstrap "
                                + server
                                + " points at namespace "
                                + host.group(2)
                                + ", the Kafka is in "
                                + kafka.get().namespace());
            }
            Set<String> ports = new TreeSet<>();
            for (JsonNode l : kafka.get().node().path("spec").path("kafka").path("listeners")) {
                ports.add(l.path("port").asText());
            }
            if (!ports.contains(hp[1])) {
                problems.add(
                        owner + ": bootstrap port " + hp[1] + " is not a listener port " + ports);
            }
        }
        return problems;
    }

    /** Every PodMonitor selects a pod of these manifests and scrapes named ports that pod has. */
    static List<String> podMonitors(Manifests m) {
        List<String> problems = new ArrayList<>();
        List<PodView> pods = pods(m);
        for (Manifests.Doc pm : m.ofKind("PodMonitor")) {
            if (!pm.node().path("apiVersion").asText().equals("monitoring.coreos.com/v1")) {
                problems.add(pm + ": apiVersion must be monitoring.coreos.com/v1");
            }
            JsonNode selector = pm.node().path("spec").path("selector").path("matchLabels");
            List<PodView> selected =
                    pods.stream()
                            .filter(
                                    p ->
                                            p.namespace().equals(pm.namespace())
                                                    && p.hasLabels(selector))
                            .toList();
            if (selected.isEmpty()) {
                problems.add(
                        pm + ": selector " + selector + " matches no pod template in deploy/k8s");
            }
            JsonNode endpoints = pm.node().path("spec").path("podMetricsEndpoints");
            if (endpoints.isEmpty()) {
                problems.add(pm + ": no podMetricsEndpoints");
            }
            for (JsonNode ep : endpoints) {
                String port = ep.path("port").asText();
                for (PodView p : selected) {
                    if (!p.namedPorts().containsKey(port)) {
                        problems.add(
                                pm
                                        + ": port '"
                                        + port
                                        + "' is not a named container port of "
                                        + p.owner()
                                        + " "
                                        + p.namedPorts().keySet());
                    }
                }
            }
        }
        return problems;
    }

    /** Every namespaced resource lives in the one namespace, which a manifest creates. */
    static List<String> namespaces(Manifests m) {
        List<String> problems = new ArrayList<>();
        if (m.find("Namespace", NAMESPACE).isEmpty()) {
            problems.add("no Namespace " + NAMESPACE);
        }
        for (Manifests.Doc d : m.all()) {
            if (!d.kind().equals("Namespace") && !d.namespace().equals(NAMESPACE)) {
                problems.add(d + ": namespace '" + d.namespace() + "', expected " + NAMESPACE);
            }
        }
        return problems;
    }

    /**
     * Every KEDA ScaledObject scales a cloud pool on the controller's offered offload demand for
     * one region: a prometheus trigger whose query reads a gauge the controller exports (checked on
     * a fresh registry) with {@code demand="offered"} and a {@code region}, and a positive
     * threshold.
     */
    static List<String> offloadScalers(Manifests m) {
        List<String> problems = new ArrayList<>();
        var registry = new io.prometheus.metrics.model.registry.PrometheusRegistry();
        new org.qoeflow.controller.service.ControllerMetrics(registry);
        java.util.Set<String> exported = new java.util.TreeSet<>();
        registry.scrape().forEach(snap -> exported.add(snap.getMetadata().getName()));
        String gauge = "qoeflow_controller_offload_demand_requests_per_second";
        if (m.ofKind("ScaledObject").isEmpty()) {
            problems.add("no ScaledObject scales a cloud pool on the offload demand");
        }
        for (Manifests.Doc d : m.ofKind("ScaledObject")) {
            boolean found = false;
            for (var t : d.node().path("spec").path("triggers")) {
                if (!t.path("type").asText().equals("prometheus")) {
                    continue;
                }
                found = true;
                String query = t.path("metadata").path("query").asText();
                if (!exported.contains(gauge)) {
                    problems.add("the controller no longer exports " + gauge);
                }
                if (!query.contains(gauge + "{")
                        || !query.contains("demand=\"offered\"")
                        || !query.matches(".*region=\"[a-z0-9-]+\".*")) {
                    problems.add(
                            d + ": query must read " + gauge + "{region=..,demand=\"offered\"}");
                }
                String threshold = t.path("metadata").path("threshold").asText();
                try {
                    if (!(Double.parseDouble(threshold) > 0)) {
                        problems.add(d + ": threshold must be > 0, got " + threshold);
                    }
                } catch (NumberFormatException e) {
                    problems.add(d + ": threshold must be a number, got '" + threshold + "'");
                }
            }
            if (!found) {
                problems.add(d + ": no prometheus trigger on the offload demand");
            }
        }
        return problems;
    }

    static List<PodView> pods(Manifests m) {
        List<PodView> pods = new ArrayList<>();
        m.ofKind("Deployment").forEach(d -> pods.add(PodView.of(d)));
        m.ofKind("FlinkDeployment").forEach(d -> pods.add(PodView.ofFlink(d)));
        return pods;
    }

    /** Replaces the value after {@code option} by {@code f(value)}; unchanged when absent. */
    static List<String> replaceValue(List<String> args, String option, Function<String, String> f) {
        List<String> out = new ArrayList<>(args);
        for (int i = 0; i + 1 < out.size(); i++) {
            if (out.get(i).equals(option)) {
                out.set(i + 1, f.apply(out.get(i + 1)));
            }
        }
        return out;
    }

    static Optional<String> valueOf(List<String> args, String option) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals(option)) {
                return Optional.of(args.get(i + 1));
            }
        }
        return Optional.empty();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static Properties properties(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static Path writeTemp(Path dir, String name, String content) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Values of the {@code public/package static final String} fields ending in {@code suffix}. */
    static Set<String> stringConstants(Class<?> c, String suffix) {
        Set<String> out = new TreeSet<>();
        for (Field f : c.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == String.class
                    && f.getName().endsWith(suffix)) {
                try {
                    f.setAccessible(true);
                    out.add((String) f.get(null));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException(
                            "cannot read " + c.getName() + "." + f.getName(), e);
                }
            }
        }
        return out;
    }

    static Optional<String> hasMain(String className) {
        try {
            Method main = Class.forName(className).getMethod("main", String[].class);
            return Modifier.isStatic(main.getModifiers())
                    ? Optional.empty()
                    : Optional.of(className + ".main is not static");
        } catch (ClassNotFoundException e) {
            return Optional.of("entry class " + className + " does not exist");
        } catch (NoSuchMethodException e) {
            return Optional.of("entry class " + className + " has no main(String[])");
        }
    }
}
