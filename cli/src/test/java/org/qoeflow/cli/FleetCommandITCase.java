package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qoeflow.kafka.EmbeddedKafka;
import org.qoeflow.schema.ControlKeys;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;
import picocli.CommandLine;

/**
 * {@code qoeflow fleet} against a real broker: metrics on 127.0.0.1, a fault that starts and ends.
 */
class FleetCommandITCase {
    static EmbeddedKafka kafka;

    @TempDir Path keys;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        for (TopicDescriptor<?> t : Topics.all()) {
            kafka.createTopic(t.name(), t.partitions(2), t.topicConfigs());
        }
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void exportsMetricsAndTheBadCloudNodeFailsOnlyDuringTheFault() throws Exception {
        ControlKeys.generate(keys, "ctl-1");
        int port = freePort();
        long start = System.currentTimeMillis();
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(
                        () ->
                                new CommandLine(new FleetCommand())
                                        .execute(
                                                "--bootstrap", kafka.bootstrapServers(),
                                                "--trust", keys.resolve("ctl-1.pub").toString(),
                                                "--nodes", "30",
                                                "--cloud-nodes", "4",
                                                "--rate", "400",
                                                "--metrics-port", Integer.toString(port),
                                                "--fault-at", "1s",
                                                "--fault-duration", "7s",
                                                "--status-every", "3s",
                                                "--duration", "16s"));
        String bad = "node=\"cloud-eu-west-0\"";
        sleepUntil(start + 7_500);
        String during = scrape(port);
        assertThat(during)
                .contains("qoeflow_fleet_control_updates_rejected_total{reason=\"forged\"} 0.0")
                .contains("jvm_memory_used_bytes")
                .contains("process_cpu_seconds_total");
        double failedDuring = value(during, "qoeflow_fleet_cloud_node_request_failures_total", bad);
        double servedDuring = value(during, "qoeflow_fleet_cloud_node_requests_total", bad);
        assertThat(servedDuring).isGreaterThan(20);
        assertThat(failedDuring / servedDuring)
                .as("failure ratio of the bad node")
                .isGreaterThan(0.3);

        sleepUntil(start + 10_000);
        String afterA = scrape(port);
        sleepUntil(start + 15_000);
        String afterB = scrape(port);
        double served =
                value(afterB, "qoeflow_fleet_cloud_node_requests_total", bad)
                        - value(afterA, "qoeflow_fleet_cloud_node_requests_total", bad);
        double failed =
                value(afterB, "qoeflow_fleet_cloud_node_request_failures_total", bad)
                        - value(afterA, "qoeflow_fleet_cloud_node_request_failures_total", bad);
        assertThat(served).isGreaterThan(10);
        assertThat(failed / served).as("failure ratio after the fault").isLessThan(0.2);

        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }

    static double value(String exposition, String name, String label) {
        Matcher m =
                Pattern.compile(
                                "(?m)^"
                                        + name
                                        + "\\{[^}]*"
                                        + Pattern.quote(label)
                                        + "[^}]*} (\\S+)$")
                        .matcher(exposition);
        assertThat(m.find()).as("%s{%s} in%n%s", name, label, exposition).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static String scrape(int port) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    static void sleepUntil(long millis) throws InterruptedException {
        long wait = millis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
