package org.qoeflow.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local stack as separate processes with Debian's Prometheus and Alertmanager: a bad
 * cloud node injected in the fleet raises its alert in Alertmanager, which resolves after the fault
 * ends; every dashboard query returns data; {@code down} stops everything.
 */
class LocalStackITCase {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration FAULT_AT = Duration.ofSeconds(40);
    static final Duration FAULT_FOR = Duration.ofSeconds(60);

    @TempDir static Path run;
    static LocalStack stack;
    static long faultStart;

    @BeforeAll
    static void up() throws Exception {
        Optional<String> missing =
                new Monitoring(StackHome.locate(), run, StackPorts.DEFAULTS).missingBinaries();
        if (missing.isPresent()) {
            System.out.println(
                    "SKIPPED LocalStackITCase: "
                            + missing.get()
                            + " not on PATH; install with: apt-get install prometheus"
                            + " prometheus-alertmanager");
        }
        assumeTrue(missing.isEmpty(), "prometheus and prometheus-alertmanager are needed");
        stack = new LocalStack(StackHome.locate(), run, StackPorts.free(), System.out);
        stack.up(
                true,
                List.of(
                        "--fault-at=" + FAULT_AT.toSeconds() + "s",
                        "--fault-duration=" + FAULT_FOR.toSeconds() + "s"));
        faultStart = System.nanoTime() + FAULT_AT.toNanos() - Duration.ofSeconds(15).toNanos();
    }

    @AfterAll
    static void down() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    void faultInTheFleetRaisesItsAlertInAlertmanagerThenResolvesAndTheDashboardHasData()
            throws Exception {
        new JobSubmitter(stack.flink().rest(), stack.flink().savepointDir(), System.out)
                .submit(
                        StackHome.locate().jobJar(),
                        List.of("--bootstrap", stack.ports().bootstrap()),
                        null,
                        false);
        String node = faultyNode();

        ByteArrayOutputStream status = new ByteArrayOutputStream();
        assertThat(StackStatus.print(stack, new PrintStream(status, true))).isZero();
        assertThat(status.toString())
                .contains("job qoeflow-qoe-scoring")
                .contains("RUNNING")
                .doesNotContain("DOWN");

        // Fires: the node's failure ratio or its drain to weight 0, as Alertmanager lists it.
        long deadline = faultStart + Duration.ofSeconds(200).toNanos();
        List<String> firing = List.of();
        while (System.nanoTime() < deadline && firing.isEmpty()) {
            firing = alertsFor(node);
            Thread.sleep(2000);
        }
        assertThat(firing)
                .as("CloudNodeFailing or CloudNodeDrained for %s in Alertmanager", node)
                .isNotEmpty()
                .allMatch(a -> a.equals("CloudNodeFailing") || a.equals("CloudNodeDrained"));
        System.out.println("LocalStackITCase: Alertmanager lists " + firing + " for " + node);

        // While it fires, every dashboard panel's query returns data.
        assertThat(emptyPanelQueries()).isEmpty();

        // Resolves after the fault ends.
        long resolveBy = faultStart + FAULT_FOR.toNanos() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < resolveBy && !alertsFor(node).isEmpty()) {
            Thread.sleep(2000);
        }
        assertThat(alertsFor(node)).as("alerts for %s after the fault ended", node).isEmpty();

        List<String> killed = stack.down();
        assertThat(killed).as("processes that needed SIGKILL").isEmpty();
        for (String name : LocalStack.PROCESSES) {
            assertThat(stack.process(name)).as(name + " pid file").isEmpty();
        }
        stack = null;
    }

    /** The node the fleet turned bad, as its log names it. */
    static String faultyNode() throws IOException {
        String log = Files.readString(stack.process(LocalStack.FLEET).orElseThrow().log());
        Matcher m = Pattern.compile("node (cloud-[A-Za-z0-9._:-]+)").matcher(log);
        assertThat(m.find()).as("fleet log names the faulty node:\n" + log).isTrue();
        return m.group(1);
    }

    /** Active (not resolved) alert names Alertmanager lists for {@code node}. */
    static List<String> alertsFor(String node) throws Exception {
        JsonNode alerts =
                get(
                        "http://"
                                + stack.ports().address(StackPorts.ALERTMANAGER)
                                + "/api/v2/alerts?active=true");
        List<String> names = new ArrayList<>();
        for (JsonNode a : alerts) {
            if (node.equals(a.path("labels").path("node").asText())
                    && "active".equals(a.path("status").path("state").asText())) {
                names.add(a.path("labels").path("alertname").asText());
            }
        }
        return names;
    }

    /** Dashboard queries (Grafana variables filled in) that return no series. */
    static List<String> emptyPanelQueries() throws Exception {
        JsonNode dashboard =
                JSON.readTree(
                        StackHome.locate()
                                .root()
                                .resolve("deploy/grafana/qoeflow-overview.json")
                                .toFile());
        List<String> empty = new ArrayList<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        for (int i = 0; i < panels.size(); i++) {
            panels.get(i).path("panels").forEach(panels::add);
            for (JsonNode t : panels.get(i).path("targets")) {
                String expr = t.path("expr").asText("");
                if (expr.isEmpty()) {
                    continue;
                }
                String q =
                        expr.replace("$__rate_interval", "1m")
                                .replace("$__interval", "15s")
                                .replace("$__range", "5m");
                JsonNode r =
                        get(
                                "http://"
                                        + stack.ports().address(StackPorts.PROMETHEUS)
                                        + "/api/v1/query?query="
                                        + URLEncoder.encode(q, StandardCharsets.UTF_8));
                if (r.path("data").path("result").isEmpty()) {
                    empty.add(panels.get(i).path("title").asText() + ": " + expr);
                }
            }
        }
        return empty;
    }

    static JsonNode get(String url) throws Exception {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
