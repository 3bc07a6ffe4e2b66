package org.qoeflow.cli.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One process of the local stack, started detached from the launching JVM (its own session, so it
 * outlives {@code qoeflow up}) with its output in {@code <name>.log} and its pid in {@code
 * <name>.pid} under the run folder. {@code logStart} is where this run's output begins in the log,
 * which is appended to across restarts.
 */
public record LocalProcess(String name, long pid, Path log, long logStart) {

    /** Starts {@code command} in {@code runDir}; the log file is appended to across restarts. */
    public static LocalProcess start(
            String name, List<String> command, Path runDir, Map<String, String> env) {
        try {
            Files.createDirectories(runDir.resolve("logs"));
            Path log = runDir.resolve("logs").resolve(name + ".log");
            List<String> cmd = new ArrayList<>();
            if (new File("/usr/bin/setsid").canExecute()) {
                cmd.add("/usr/bin/setsid"); // a Ctrl-C in the shell that ran `up` must not reach it
            }
            cmd.addAll(command);
            ProcessBuilder pb =
                    new ProcessBuilder(cmd)
                            .directory(runDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            Process p = pb.start();
            LocalProcess lp = new LocalProcess(name, p.pid(), log, logStart);
            Files.writeString(pidFile(runDir, name), Long.toString(p.pid()) + "\n");
            return lp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
        }
    }

    /** The process recorded under {@code name} in the run folder, if its pid file exists. */
    public static Optional<LocalProcess> read(Path runDir, String name) {
        Path f = pidFile(runDir, name);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(f).trim());
            return Optional.of(
                    new LocalProcess(name, pid, runDir.resolve("logs/" + name + ".log"), 0));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Path pidFile(Path runDir, String name) {
        return runDir.resolve(name + ".pid");
    }

    /**
     * What this run has written to the log so far: a restarted process's readiness line must not be
     * found in the output of the run before it.
     */
    public String logSinceStart() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        try (java.io.InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(logStart, Files.size(log)));
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGTERM, then SIGKILL after {@code grace}; removes the pid file. True if it had to kill. */
    public boolean stop(Path runDir, Duration grace) {
        boolean killed = false;
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isPresent() && h.get().isAlive()) {
            h.get().destroy();
            try {
                h.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception timeout) {
                h.get().destroyForcibly();
                killed = true;
                try {
                    h.get().onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported by alive() afterwards
                }
            }
        }
        try {
            Files.deleteIfExists(pidFile(runDir, name));
        } catch (IOException ignored) {
            // a stale pid file is harmless: alive() checks the pid
        }
        return killed;
    }

    /** SIGKILL without grace, as a crash would (chaos tests). */
    public void kill() {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** The last {@code n} lines of the log, for error messages. */
    public String tail(int n) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
