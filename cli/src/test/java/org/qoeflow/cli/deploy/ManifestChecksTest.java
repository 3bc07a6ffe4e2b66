package org.qoeflow.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.cli.Qoeflow;
import org.qoeflow.schema.ControlKeys;
import picocli.CommandLine;

/**
 * Each drift check reports the break when one manifest is changed the way drift would change it.
 */
class ManifestChecksTest {
    static Manifests real;
    static FlinkConfigKeys keys;

    @TempDir Path tmp;

    @BeforeAll
    static void load() {
        real = Manifests.load(Manifests.k8sDir());
        keys = FlinkConfigKeys.load();
    }

    // --- topics

    @Test
    void reportsADescriptorWithoutTopic() {
        Manifests m = without(real.copy(), "KafkaTopic", "qoeflow-models-v1");
        assertThat(ManifestChecks.topics(m))
                .containsExactly("no KafkaTopic for qoeflow.models.v1 (Topics.all())");
    }

    @Test
    void reportsACompactedTopicDeclaredDelete() {
        Manifests m = real.copy();
        config(m.get("KafkaTopic", "qoeflow-control-v1")).put("cleanup.policy", "delete");
        assertThat(ManifestChecks.topics(m))
                .singleElement()
                .asString()
                .contains("cleanup.policy delete, but Topics says compact");
    }

    @Test
    void reportsATopicTheCodeDoesNotKnow() {
        Manifests m = real.copy();
        spec(m.get("KafkaTopic", "qoeflow-dlq-v1")).put("topicName", "qoeflow.dead-letters.v1");
        assertThat(ManifestChecks.topics(m))
                .anySatisfy(
                        p -> assertThat(p).contains("qoeflow.dead-letters.v1 is not a descriptor"))
                .anySatisfy(p -> assertThat(p).contains("no KafkaTopic for qoeflow.dlq.v1"));
    }

    @Test
    void reportsALeaderTopicWithMoreThanOnePartition() {
        Manifests m = real.copy();
        spec(m.get("KafkaTopic", "qoeflow-controller-leader-v1")).put("partitions", 3);
        assertThat(ManifestChecks.topics(m))
                .singleElement()
                .asString()
                .contains("3 partitions, the descriptor requires 1");
    }

    @Test
    void reportsAnUnknownTopicConfigAndMoreReplicasThanBrokers() {
        Manifests m = real.copy();
        config(m.get("KafkaTopic", "qoeflow-telemetry-v1")).put("retention.msec", 1000);
        spec(m.get("KafkaNodePool", "dual-role")).put("replicas", 2);
        assertThat(ManifestChecks.topics(m))
                .anySatisfy(
                        p -> assertThat(p).contains("'retention.msec' is not a Kafka topic config"))
                .anySatisfy(p -> assertThat(p).contains("replicas 3 with 2 brokers"));
    }

    // --- Kafka client config

    @Test
    void reportsAMisspelledClientProperty() {
        Manifests m = real.copy();
        ObjectNode data =
                (ObjectNode) m.get("ConfigMap", "qoeflow-kafka-client").node().path("data");
        data.put(
                "kafka.properties",
                data.path("kafka.properties").asText() + "securty.protocol=SSL\n");
        assertThat(ManifestChecks.kafkaClientConfig(m, "qoeflow-kafka-client", "kafka.properties"))
                .singleElement()
                .asString()
                .contains("'securty.protocol' is not a Kafka");
    }

    // --- controller

    @Test
    void reportsAnOptionTheControllerDoesNotHave() {
        Manifests m = real.copy();
        controllerArgs(m).add("--leader-topic").add("x");
        assertThat(controller(m))
                .singleElement()
                .asString()
                .contains("Unknown options: '--leader-topic', 'x'");
    }

    @Test
    void reportsALawOverrideTheLawRejects() {
        Manifests m = real.copy();
        controllerArgs(m).add("--law").add("slaMs=800").add("--law").add("routingGain=3");
        assertThat(controller(m))
                .singleElement()
                .asString()
                .contains("--law routingGain=3: routingGain must be in [");

        Manifests unknown = real.copy();
        controllerArgs(unknown).add("--law").add("cloudOverloadLoad=0.8");
        assertThat(controller(unknown))
                .singleElement()
                .asString()
                .contains("unknown law option 'cloudOverloadLoad'");
    }

    @Test
    void acceptsLawOverridesInRange() {
        Manifests m = real.copy();
        controllerArgs(m).add("--law").add("slaMs=800").add("--law").add("anomalyHold=90s");
        assertThat(controller(m)).isEmpty();
    }

    @Test
    void reportsAMetricsPortThatIsNotTheProbedAndScrapedPort() {
        Manifests m = real.copy();
        setArg(controllerArgs(m), "--metrics-port", "9465");
        assertThat(controller(m))
                .singleElement()
                .asString()
                .contains("--metrics-port 9465 is no named container port {metrics=9464}");
    }

    @Test
    void reportsAProbeOnANumericPort() {
        Manifests m = real.copy();
        ObjectNode get = (ObjectNode) controllerContainer(m).path("livenessProbe").path("httpGet");
        get.put("port", 9464);
        assertThat(controller(m))
                .singleElement()
                .asString()
                .contains("livenessProbe must use the named metrics port 'metrics'");
    }

    @Test
    void reportsASigningKeyThatIsNotMountedFromTheSecret() {
        Manifests m = real.copy();
        setArg(controllerArgs(m), "--signing-key", "/keys/ctl-2.key");
        assertThat(controller(m))
                .singleElement()
                .asString()
                .contains("the Secret volume's items do not project ctl-2.key");
    }

    @Test
    void reportsARealPrivateKeyCommittedInTheSecret() throws Exception {
        ControlKeys.generate(tmp.resolve("k"), "ctl-1");
        Manifests m = real.copy();
        ((ObjectNode) m.get("Secret", "qoeflow-signing-key").node().path("stringData"))
                .put("ctl-1.key", Files.readString(tmp.resolve("k/ctl-1.key")));
        assertThat(controller(m)).singleElement().asString().contains("holds a real private key");
    }

    @Test
    void reportsAWritableRootFileSystemAndABootstrapThatIsNotTheKafka() {
        Manifests m = real.copy();
        ((ObjectNode) controllerContainer(m).path("securityContext"))
                .put("readOnlyRootFilesystem", false);
        setArg(controllerArgs(m), "--bootstrap", "kafka-bootstrap.qoeflow.svc:9092");
        assertThat(controller(m))
                .anySatisfy(p -> assertThat(p).contains("readOnlyRootFilesystem is not set"))
                .anySatisfy(p -> assertThat(p).contains("is not <kafka>-kafka-bootstrap"));
    }

    @Test
    void reportsAMetricsHostOtherThanAllInterfaces() {
        assumeTrue(
                new CommandLine(new Qoeflow())
                                .getSubcommands()
                                .get("controller")
                                .getCommandSpec()
                                .findOption(ControllerChecks.METRICS_HOST)
                        != null,
                "ControllerEntrypoint has no --metrics-host on this branch yet");
        Manifests m = real.copy();
        setArg(controllerArgs(m), ControllerChecks.METRICS_HOST, "127.0.0.1");
        assertThat(controller(m)).singleElement().asString().contains("bind 0.0.0.0");
    }

    // --- Flink

    @Test
    void reportsUnknownDeprecatedAndUnparsableFlinkSettings() {
        Manifests m = real.copy();
        ObjectNode conf =
                (ObjectNode)
                        spec(m.get("FlinkDeployment", FlinkChecks.NAME)).path("flinkConfiguration");
        conf.put("execution.checkpointing.intervall", "30s");
        conf.put("state.checkpoints.dir", "s3://x");
        conf.put("execution.checkpointing.timeout", "5 fortnights");
        conf.put("metrics.reporter.prom.hostname", "x");
        assertThat(flink(m))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "execution.checkpointing.intervall is not a Flink"))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "state.checkpoints.dir is deprecated, use execution.checkpointing.dir"))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "execution.checkpointing.timeout: value '5 fortnights' is invalid"))
                .anySatisfy(p -> assertThat(p).contains("'hostname' is neither a reporter option"))
                .hasSize(4);
    }

    @Test
    void reportsTheAutoscalersOldKeyAndBoundsBeyondTheTopic() {
        Manifests m = real.copy();
        ObjectNode conf =
                (ObjectNode)
                        spec(m.get("FlinkDeployment", FlinkChecks.NAME)).path("flinkConfiguration");
        conf.put("job.autoscaler.target.utilization", "0.7");
        conf.put("job.autoscaler.vertex.max-parallelism", "48");
        assertThat(flink(m))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "job.autoscaler.target.utilization is deprecated"))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "vertex.max-parallelism 48 > 24 telemetry partitions"))
                .hasSize(2);
    }

    @Test
    void reportsJobArgsTheJobRejects() {
        Manifests m = real.copy();
        setArg(
                (ArrayNode)
                        spec(m.get("FlinkDeployment", FlinkChecks.NAME)).path("job").path("args"),
                "--window",
                "0s");
        assertThat(flink(m)).singleElement().asString().contains("--window must be > 0");
    }

    @Test
    void reportsAMissingEntryClassAJarNotInTheImageAndAnotherFlinkVersion() {
        Manifests m = real.copy();
        ObjectNode spec = spec(m.get("FlinkDeployment", FlinkChecks.NAME));
        ((ObjectNode) spec.path("job")).put("entryClass", "org.qoeflow.jobs.QoeJob");
        ((ObjectNode) spec.path("job")).put("jarURI", "local:///opt/flink/usrlib/qoeflow-jobs.jar");
        spec.put("flinkVersion", "v1_20");
        assertThat(flink(m))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "entry class org.qoeflow.jobs.QoeJob does not exist"))
                .anySatisfy(p -> assertThat(p).contains("is not the jar Dockerfile copies"))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "flinkVersion v1_20, the project builds against Flink 2.2"))
                .hasSize(3);
    }

    @Test
    void reportsAReporterPortThatIsNotThePodsNamedPort() {
        Manifests m = real.copy();
        ObjectNode conf =
                (ObjectNode)
                        spec(m.get("FlinkDeployment", FlinkChecks.NAME)).path("flinkConfiguration");
        conf.put("metrics.reporter.prom.port", "9250");
        conf.put(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporter");
        assertThat(flink(m))
                .anySatisfy(p -> assertThat(p).contains("reporter prom listens on 9250"))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "PrometheusReporter is not a MetricReporterFactory"));
    }

    @Test
    void reportsAJobKafkaPropertiesFileThatIsNotMounted() {
        Manifests m = real.copy();
        ArrayNode mounts =
                (ArrayNode)
                        PodView.ofFlink(m.get("FlinkDeployment", FlinkChecks.NAME))
                                .container(FlinkChecks.MAIN_CONTAINER)
                                .orElseThrow()
                                .path("volumeMounts");
        mounts.removeAll();
        assertThat(flink(m))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains(
                                                "--kafka-properties /etc/qoeflow/kafka/kafka.properties is not under any volumeMount"));
    }

    // --- PodMonitors and namespaces

    @Test
    void reportsAPodMonitorOnAPortOrPodThatDoesNotExist() {
        Manifests m = real.copy();
        ObjectNode ep =
                (ObjectNode)
                        spec(m.get("PodMonitor", "qoeflow-job")).path("podMetricsEndpoints").get(0);
        ep.put("port", "metrics");
        ObjectNode sel =
                (ObjectNode)
                        spec(m.get("PodMonitor", "qoeflow-controller"))
                                .path("selector")
                                .path("matchLabels");
        sel.put("app.kubernetes.io/name", "controller");
        assertThat(ManifestChecks.podMonitors(m))
                .anySatisfy(
                        p -> assertThat(p).contains("port 'metrics' is not a named container port"))
                .anySatisfy(p -> assertThat(p).contains("matches no pod template"))
                .hasSize(2);
    }

    @Test
    void reportsAResourceOutsideTheNamespace() {
        Manifests m = real.copy();
        ((ObjectNode) m.get("ConfigMap", "qoeflow-kafka-client").node().path("metadata"))
                .put("namespace", "default");
        assertThat(ManifestChecks.namespaces(m))
                .singleElement()
                .asString()
                .contains("namespace 'default'");
    }

    // --- helpers

    private List<String> controller(Manifests m) {
        return ControllerChecks.check(m, tmp, new ArrayList<>());
    }

    private List<String> flink(Manifests m) {
        return FlinkChecks.check(m, keys, ManifestDriftTest.dockerfile(), tmp);
    }

    private static ObjectNode spec(Manifests.Doc d) {
        return (ObjectNode) d.node().path("spec");
    }

    private static ObjectNode config(Manifests.Doc d) {
        return (ObjectNode) d.node().path("spec").path("config");
    }

    private static ObjectNode controllerContainer(Manifests m) {
        return (ObjectNode)
                PodView.of(m.get("Deployment", ControllerChecks.DEPLOYMENT))
                        .container(ControllerChecks.CONTAINER)
                        .orElseThrow();
    }

    private static ArrayNode controllerArgs(Manifests m) {
        return (ArrayNode) controllerContainer(m).path("args");
    }

    private static void setArg(ArrayNode args, String option, String value) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).asText().equals(option)) {
                args.set(i + 1, value);
                return;
            }
        }
        throw new AssertionError(option + " not in " + args);
    }

    private static Manifests without(Manifests m, String kind, String name) {
        return new Manifests(
                m.all().stream()
                        .filter(d -> !(d.kind().equals(kind) && d.name().equals(name)))
                        .toList());
    }
}
