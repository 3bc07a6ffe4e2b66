package org.qoeflow.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A client of the Flink REST API: upload and run jars, list jobs, stop with savepoint, cancel. */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Job states a job does not leave. */
    private static final List<String> TERMINAL = List.of("FAILED", "CANCELED", "FINISHED");

    private final String base;
    private final HttpClient http;

    /** One job as {@code /jobs/overview} lists it. */
    public record Job(String id, String name, String state) {}

    public FlinkRest(String baseUrl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public JsonNode overview() throws IOException {
        return get("/overview");
    }

    /** True when the REST endpoint answers and at least {@code taskManagers} are registered. */
    public boolean ready(int taskManagers) {
        try {
            return overview().path("taskmanagers").asInt() >= taskManagers;
        } catch (IOException e) {
            return false;
        }
    }

    /** A key of the JobManager's configuration ({@code GET /jobmanager/config}), or null. */
    public String clusterConfig(String key) throws IOException {
        for (JsonNode e : get("/jobmanager/config")) {
            if (key.equals(e.path("key").asText())) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    /** Uploads a jar; returns the id {@code /jars/<id>/run} takes. */
    public String uploadJar(Path jar) throws IOException {
        String boundary = "qoeflow-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest req =
                HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                        .timeout(Duration.ofMinutes(2))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build();
        JsonNode r = send(req);
        String file = r.path("filename").asText("");
        if (!"success".equals(r.path("status").asText()) || file.isEmpty()) {
            throw new IOException("jar upload to " + base + " failed: " + r);
        }
        return Path.of(file).getFileName().toString();
    }

    /**
     * Runs an uploaded jar; {@code parallelism} null = the cluster's default, {@code savepoint}
     * null = fresh state. Returns the job id.
     */
    public String runJar(
            String jarId,
            String entryClass,
            List<String> args,
            Integer parallelism,
            String savepoint)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        body.putPOJO("programArgsList", args);
        if (parallelism != null) {
            body.put("parallelism", parallelism);
        }
        if (savepoint != null) {
            body.put("savepointPath", savepoint);
            body.put("allowNonRestoredState", false);
        }
        JsonNode r = post("/jars/" + jarId + "/run", body);
        String id = r.path("jobid").asText("");
        if (id.isEmpty()) {
            throw new IOException("running jar " + jarId + " failed: " + r);
        }
        return id;
    }

    public List<Job> jobs() throws IOException {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            jobs.add(
                    new Job(
                            j.path("jid").asText(),
                            j.path("name").asText(),
                            j.path("state").asText()));
        }
        return jobs;
    }

    public JsonNode job(String jobId) throws IOException {
        return get("/jobs/" + jobId);
    }

    public String state(String jobId) throws IOException {
        return job(jobId).path("state").asText();
    }

    /**
     * Waits until the job is in {@code state}; fails early if it reaches a terminal other state.
     */
    public void awaitState(String jobId, String state, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String s = "";
        while (System.nanoTime() < deadline) {
            s = state(jobId);
            if (s.equals(state)) {
                return;
            }
            if (TERMINAL.contains(s)) {
                throw new IOException(
                        "job " + jobId + " is " + s + ", expected " + state + exception(jobId));
            }
            sleep(500);
        }
        throw new IOException(
                "job " + jobId + " still " + s + " after " + timeout + ", expected " + state);
    }

    /** Waits until every task of the job runs (RUNNING alone is reported while tasks deploy). */
    public void awaitAllTasksRunning(String jobId, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode j = job(jobId);
            boolean all = j.path("vertices").size() > 0;
            for (JsonNode v : j.path("vertices")) {
                all &= "RUNNING".equals(v.path("status").asText());
            }
            if (all && "RUNNING".equals(j.path("state").asText())) {
                return;
            }
            if (TERMINAL.contains(j.path("state").asText())) {
                throw new IOException(
                        "job " + jobId + " is " + j.path("state").asText() + exception(jobId));
            }
            sleep(500);
        }
        throw new IOException("job " + jobId + " tasks not all running after " + timeout);
    }

    /**
     * Stops the job with a savepoint in {@code targetDir} and waits until the job is FINISHED (the
     * savepoint completes before the job's tasks have all ended); returns the savepoint's location.
     */
    public String stopWithSavepoint(String jobId, Path targetDir, Duration timeout)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("drain", false);
        body.put("targetDirectory", targetDir.toUri().toString());
        String trigger = post("/jobs/" + jobId + "/stop", body).path("request-id").asText("");
        if (trigger.isEmpty()) {
            throw new IOException("stop-with-savepoint of " + jobId + " was not accepted");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(r.path("status").path("id").asText())) {
                JsonNode op = r.path("operation");
                if (op.has("failure-cause")) {
                    throw new IOException(
                            "savepoint of "
                                    + jobId
                                    + " failed: "
                                    + op.path("failure-cause")
                                            .path("stack-trace")
                                            .asText()
                                            .lines()
                                            .findFirst()
                                            .orElse(""));
                }
                String location = op.path("location").asText();
                awaitState(
                        jobId,
                        "FINISHED",
                        Duration.ofNanos(Math.max(deadline - System.nanoTime(), 10_000_000_000L)));
                return location;
            }
            sleep(500);
        }
        throw new IOException("savepoint of " + jobId + " not done after " + timeout);
    }

    public void cancel(String jobId) throws IOException {
        HttpRequest req =
                HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                        .timeout(Duration.ofSeconds(30))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build();
        send(req);
    }

    private String exception(String jobId) {
        try {
            String root = get("/jobs/" + jobId + "/exceptions").path("root-exception").asText("");
            return root.isEmpty() ? "" : ": " + root.lines().findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private JsonNode get(String path) throws IOException {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build());
    }

    private JsonNode post(String path, JsonNode body) throws IOException {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofMinutes(2))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build());
    }

    private JsonNode send(HttpRequest req) throws IOException {
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + req.uri(), e);
        } catch (IOException e) {
            throw new IOException("Flink REST at " + base + " unreachable: " + e, e);
        }
        if (r.statusCode() >= 300) {
            throw new IOException(
                    req.method()
                            + " "
                            + req.uri()
                            + " -> HTTP "
                            + r.statusCode()
                            + ": "
                            + r.body());
        }
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
