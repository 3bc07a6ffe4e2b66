package org.qoeflow.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the project's build lives: the JVM options every process needs, the classpath of the Flink
 * session cluster, the shaded job jar and the classpath of the {@code qoeflow} CLI.
 */
public record StackHome(Path root) {
    static final String JVM_ARGS = "deploy/local/java17.args";
    static final String FLINK_CLASSPATH = "deploy/local/flink/target/flink-session.classpath";

    /**
     * The project root: {@code QOEFLOW_HOME} (set by the launcher), the system property {@code
     * qoeflow.home}, or the first parent of the working directory that holds the JVM options.
     */
    public static StackHome locate() {
        String env = System.getenv("QOEFLOW_HOME");
        String prop = System.getProperty("qoeflow.home");
        if (prop != null) {
            return new StackHome(Path.of(prop).toAbsolutePath().normalize());
        }
        if (env != null) {
            return new StackHome(Path.of(env).toAbsolutePath().normalize());
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(JVM_ARGS))) {
                return new StackHome(p);
            }
        }
        throw new IllegalStateException(
                "cannot find the QoEFlow project root (no "
                        + JVM_ARGS
                        + " above the working directory); set QOEFLOW_HOME");
    }

    /**
     * The Java 17 {@code --add-opens} list and system properties of the {@code qoeflow} launcher.
     */
    public List<String> jvmArgs() {
        return lines(root.resolve(JVM_ARGS), "the JVM options file");
    }

    /** The Flink session cluster's jars (built by {@code deploy/local/flink}). */
    public String flinkClasspath() {
        Path f = root.resolve(FLINK_CLASSPATH);
        try {
            // and this module's own reporter factory (BoundPrometheusReporterFactory)
            return Files.readString(f).trim()
                    + ":"
                    + root.resolve("deploy/local/flink/target/classes");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the Flink session classpath "
                            + f
                            + " (run: mvn -B install -DskipTests)",
                    e);
        }
    }

    /** The shaded job jar built by {@code jobs}. */
    public Path jobJar() {
        Path target = root.resolve("jobs/target");
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().matches("qoeflow-jobs-.*-job\\.jar"))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "no shaded job jar in "
                                                    + target
                                                    + " (run: mvn -B install -DskipTests)"));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no shaded job jar: " + target + " is missing (run: mvn -B install)", e);
        }
    }

    /** The classpath this JVM runs with, for child processes that run {@code qoeflow} commands. */
    public static String cliClasspath() {
        return System.getProperty("java.class.path");
    }

    private static List<String> lines(Path f, String what) {
        try {
            return Files.readAllLines(f).stream()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .flatMap(l -> Stream.of(l.split("\\s+")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + ": " + f, e);
        }
    }
}
