package org.qoeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.qoeflow.cli.stack.StackHome;

/**
 * The shaded job jar holds what the job runs and nothing of the evaluation code: of Smile only
 * smile-base (the cohort analysis's two-sample tests), not smile-core (the isolation-forest
 * baseline lives in {@code anomaly-eval}), no NAB runner, no native BLAS.
 */
class JobJarTest {
    private static final List<String> FORBIDDEN =
            List.of(
                    "smile/anomaly/",
                    "smile/classification/",
                    "smile/regression/",
                    "org/bytedeco/",
                    "org/qoeflow/anomaly/nab/",
                    "org/qoeflow/anomaly/baseline/");

    @Test
    void jobJarHasNoEvaluationOnlyClasses() throws IOException {
        Path jar = StackHome.locate().jobJar();
        try (JarFile j = new JarFile(jar.toFile())) {
            List<String> names = j.stream().map(ZipEntry::getName).toList();
            assertThat(names)
                    .contains(
                            "org/qoeflow/jobs/QoeScoringJob.class",
                            "org/qoeflow/anomaly/lstm/LstmDetector.class",
                            "org/qoeflow/jobs/cohort/CohortWindow.class",
                            "smile/stat/hypothesis/KSTest.class");
            assertThat(names.stream().filter(n -> FORBIDDEN.stream().anyMatch(n::startsWith)))
                    .as("evaluation-only entries in %s", jar)
                    .isEmpty();
        }
    }
}
