package org.qoeflow.cli.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.qoeflow.jobs.QoeScoringJob;
import org.qoeflow.jobs.anomaly.AnomalyScoringJob;

/**
 * Submits the shaded job jar to a session cluster through its REST API, optionally as an upgrade:
 * stop the running job with a savepoint, then start the new jar from it.
 */
public final class JobSubmitter {
    public static final String JOB_NAME = "qoeflow-qoe-scoring";
    public static final String ENTRY_CLASS = "org.qoeflow.jobs.QoeScoringJob";

    /**
     * The job's operators with per-node state; a changed uid makes {@code --upgrade} fail rather
     * than drop that state (docs/performance.md: the window's uid changed with its state layout).
     */
    public static final List<String> STATEFUL_UIDS =
            List.of("telemetry-source", QoeScoringJob.WINDOW_UID, AnomalyScoringJob.SCORER_UID);

    private final FlinkRest rest;
    private final Path savepointDir;
    private final PrintStream out;

    public JobSubmitter(FlinkRest rest, Path savepointDir, PrintStream out) {
        this.rest = rest;
        this.savepointDir = savepointDir;
        this.out = out;
    }

    /** The result of a submission: the new job, and the savepoint it resumed from if any. */
    public record Submitted(String jobId, String savepoint) {}

    public List<FlinkRest.Job> running() throws IOException {
        List<FlinkRest.Job> r = new ArrayList<>();
        for (var j : rest.jobs()) {
            if (j.name().equals(JOB_NAME)
                    && List.of("RUNNING", "CREATED", "RESTARTING", "INITIALIZING")
                            .contains(j.state())) {
                r.add(j);
            }
        }
        return r;
    }

    /**
     * Uploads and runs {@code jar} with {@code args}; {@code parallelism} null = the cluster's
     * default. With {@code upgrade}, the running job is stopped with a savepoint first and the new
     * one resumes from it; without, a running job is an error.
     */
    public Submitted submit(Path jar, List<String> args, Integer parallelism, boolean upgrade)
            throws IOException {
        List<FlinkRest.Job> running = running();
        String savepoint = null;
        if (!running.isEmpty() && !upgrade) {
            throw new IllegalStateException(
                    JOB_NAME
                            + " already runs as "
                            + running.get(0).id()
                            + "; use --upgrade to replace it through a savepoint");
        }
        if (upgrade) {
            if (running.size() != 1) {
                throw new IllegalStateException(
                        "--upgrade needs exactly one running "
                                + JOB_NAME
                                + ", found "
                                + running.size());
            }
            String old = running.get(0).id();
            out.println("stopping job " + old + " with a savepoint in " + savepointDir + " ...");
            rest.awaitAllTasksRunning(old, Duration.ofMinutes(2));
            savepoint = rest.stopWithSavepoint(old, savepointDir, Duration.ofMinutes(5));
            out.println("savepoint " + savepoint);
            SavepointContents.stateBytes(savepoint, STATEFUL_UIDS)
                    .forEach((uid, b) -> out.println("  state of " + uid + ": " + b + " bytes"));
        }
        if (parallelism == null) {
            // A jar run through REST does not pick up parallelism.default by itself.
            String p = rest.clusterConfig("parallelism.default");
            parallelism = p == null ? null : Integer.valueOf(p);
        }
        out.println("uploading " + jar.getFileName() + " ...");
        String jarId = rest.uploadJar(jar);
        String jobId = rest.runJar(jarId, ENTRY_CLASS, args, parallelism, savepoint);
        rest.awaitAllTasksRunning(jobId, Duration.ofMinutes(3));
        out.println(
                "job "
                        + JOB_NAME
                        + " "
                        + jobId
                        + " RUNNING"
                        + (savepoint == null ? "" : " (resumed from " + savepoint + ")"));
        return new Submitted(jobId, savepoint);
    }
}
