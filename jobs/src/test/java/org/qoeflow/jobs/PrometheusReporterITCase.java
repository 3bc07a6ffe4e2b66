package org.qoeflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.Topics;

/**
 * Runs the job on a MiniCluster with Flink's PrometheusReporter, scrapes it and checks that every
 * {@code flink_*} name the alert rules, recording rules and dashboard use is exported, so they
 * cannot drift from the code.
 */
class PrometheusReporterITCase {
    static final Path DEPLOY = Path.of("..", "deploy");
    static final int PORT = freePort();
    static final Pattern FLINK_NAME = Pattern.compile("\\bflink_[A-Za-z0-9_]+");

    @RegisterExtension
    static final JobTestCluster CLUSTER = JobTestCluster.perClass(reporterConfig());

    /** The reporter keys from {@code deploy/flink/prometheus-reporter.yaml}, on a free port. */
    static Configuration reporterConfig() {
        Configuration c = new Configuration();
        try {
            for (String line :
                    Files.readAllLines(DEPLOY.resolve("flink/prometheus-reporter.yaml"))) {
                int colon = line.indexOf(':');
                if (!line.startsWith("#") && colon > 0) {
                    c.setString(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        c.setString("metrics.reporter.prom.port", Integer.toString(PORT));
        return c;
    }

    @Test
    void exportsEveryFlinkMetricTheRulesAndDashboardUse() throws Exception {
        Set<String> wanted = flinkNamesUsedInDeploy();
        assertThat(wanted)
                .as("the deploy folder uses job metrics")
                .contains(
                        "flink_taskmanager_job_task_operator_telemetry_records_total",
                        "flink_taskmanager_job_task_operator_region_tier_qoe_index_sum");

        long t0 = Instant.now().toEpochMilli() / 5000 * 5000 - 60_000;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long t = t0 + 100L * i;
            records.add(JobTestCluster.telemetry(event("edge-1", Tier.EDGE, "eu-west", t)));
            records.add(JobTestCluster.telemetry(event("cloud-1", Tier.CLOUD, "us-east", t)));
        }
        records.add(
                new ProducerRecord<>(
                        Topics.TELEMETRY.name(), 0, "junk".getBytes(), "x".getBytes()));
        CLUSTER.produce(records);

        JobClient job =
                QoeScoringJob.wire(
                                JobTestCluster.environment(),
                                JobOptions.defaults(CLUSTER.bootstrapServers()))
                        .executeAsync("qoe-prometheus-it");
        try {
            Set<String> exported = Set.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                exported = exportedNames(scrape());
                if (exported.containsAll(wanted)) {
                    break;
                }
                Thread.sleep(1000);
            }
            Files.write(Path.of("target", "flink-metric-names.txt"), new TreeSet<>(exported));
            Set<String> missing = new TreeSet<>(wanted);
            missing.removeAll(exported);
            assertThat(missing)
                    .as("used in deploy/ but not exported (see target/flink-metric-names.txt)")
                    .isEmpty();
            String body = scrape();
            assertThat(body)
                    .contains("flink_taskmanager_job_task_operator_region_tier_qoe_scores_total{")
                    .containsPattern("qoe_scores_total\\{[^}]*region=\"eu-west\"[^}]*\\} [1-9]");
        } finally {
            job.cancel().get();
        }
    }

    static Telemetry event(String node, Tier tier, String region, long time) {
        Telemetry t =
                QoeScoringJobITCase.event(
                        node, tier, time, new RequestFact(30.0, 120.0, true, false, null));
        t.setRegion(region);
        return t;
    }

    /** Every {@code flink_*} name in the Prometheus rules and the Grafana dashboards. */
    static Set<String> flinkNamesUsedInDeploy() throws IOException {
        Set<String> names = new TreeSet<>();
        Path tests = DEPLOY.resolve("prometheus/tests"); // promtool tests make up their own series
        for (Path dir : List.of(DEPLOY.resolve("prometheus"), DEPLOY.resolve("grafana"))) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f :
                        files.filter(p -> p.toString().matches(".*\\.(ya?ml|json)"))
                                .filter(p -> !p.startsWith(tests))
                                .toList()) {
                    Matcher m = FLINK_NAME.matcher(Files.readString(f));
                    while (m.find()) {
                        names.add(m.group());
                    }
                }
            }
        }
        return names;
    }

    static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    static String scrape() throws IOException, InterruptedException {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + PORT + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
