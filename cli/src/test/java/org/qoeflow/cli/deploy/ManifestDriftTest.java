package org.qoeflow.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy/k8s manifests agree with the code: topics with {@code Topics}, the controller's
 * command line with its picocli entrypoint, the job's with {@code JobOptions}, Flink settings with
 * Flink's and the autoscaler's options, scrape targets with the pods' named ports, the router's
 * command line and mapping with the HAProxy configuration it drives.
 */
class ManifestDriftTest {
    static Manifests manifests;
    static FlinkConfigKeys keys;

    @TempDir Path tmp;

    @BeforeAll
    static void load() {
        manifests = Manifests.load(Manifests.k8sDir());
        keys = FlinkConfigKeys.load();
    }

    @Test
    void parsesEveryManifestFile() {
        assertThat(manifests.all()).hasSizeGreaterThanOrEqualTo(15);
        assertThat(manifests.all())
                .allSatisfy(d -> assertThat(d.node().path("apiVersion").asText()).isNotBlank())
                .allSatisfy(d -> assertThat(d.kind()).isNotBlank())
                .allSatisfy(d -> assertThat(d.name()).isNotBlank());
        assertThat(manifests.all())
                .extracting(Manifests.Doc::kind)
                .contains(
                        "Namespace",
                        "Kafka",
                        "KafkaNodePool",
                        "KafkaTopic",
                        "ConfigMap",
                        "Secret",
                        "Deployment",
                        "FlinkDeployment",
                        "PodMonitor");
    }

    @Test
    void everyTopicDescriptorHasAKafkaTopicWithItsCleanupPolicy() {
        assertThat(ManifestChecks.topics(manifests)).isEmpty();
    }

    @Test
    void kafkaClientPropertiesAreKafkaClientConfigs() {
        assertThat(
                        ManifestChecks.kafkaClientConfig(
                                manifests, "qoeflow-kafka-client", "kafka.properties"))
                .isEmpty();
    }

    @Test
    void controllerArgsParseWithTheRealEntrypointAndMatchItsPorts() {
        List<String> notes = new ArrayList<>();
        List<String> problems = ControllerChecks.check(manifests, tmp, notes);
        notes.forEach(n -> System.out.println("ManifestDriftTest: " + n));
        assertThat(problems).isEmpty();
    }

    @Test
    void routerArgsParseAndItsMappingMatchesTheHaproxyItDrives() {
        assertThat(RouterChecks.check(manifests)).isEmpty();
    }

    @Test
    void haproxyAcceptsTheShippedHaproxyConfig() throws Exception {
        Path cfg = tmp.resolve("haproxy.cfg");
        Files.writeString(cfg, RouterChecks.haproxyConfig(manifests).orElseThrow());
        RouterChecks.haproxyAccepts(cfg);
    }

    @Test
    void aRouterMappingToAServerHaproxyLacksIsCaught() {
        var cfg =
                org.qoeflow.router.RouterConfig.parse(
                        "haproxy: {runtime-api: 'unix:/run/haproxy/admin.sock'}\n"
                                + "regions: {eu: {n1: be/s1, n2: be/s2}}\n");
        String haproxyCfg =
                "global\n  stats socket /run/haproxy/admin.sock level admin\n"
                        + "backend be\n  server s1 10.0.0.1:80\n";
        assertThat(RouterChecks.matches(manifests.all().get(0), cfg, haproxyCfg))
                .singleElement()
                .asString()
                .contains("maps n2 to be/s2, which haproxy.cfg does not define");
    }

    @Test
    void flinkDeploymentMatchesTheJobFlinkAndTheAutoscaler() {
        assertThat(keys.size()).as("Flink config options found by reflection").isGreaterThan(300);
        assertThat(FlinkChecks.check(manifests, keys, dockerfile(), tmp)).isEmpty();
    }

    @Test
    void podMonitorsSelectPodsAndScrapeTheirNamedPorts() {
        assertThat(ManifestChecks.podMonitors(manifests)).isEmpty();
    }

    @Test
    void cloudPoolsScaleOnTheOfferedOffloadDemandTheControllerExports() {
        assertThat(ManifestChecks.offloadScalers(manifests)).isEmpty();
    }

    @Test
    void everythingLivesInTheQoeflowNamespace() {
        assertThat(ManifestChecks.namespaces(manifests)).isEmpty();
    }

    static Path dockerfile() {
        return Manifests.k8sDir().resolve("image/Dockerfile");
    }
}
