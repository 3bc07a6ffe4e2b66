package org.qoeflow.jobs.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.qoeflow.jobs.JobOptions;

class ScopeSummaryOptionTest {
    @Test
    void scopeSummariesAreOffUnlessAskedForAndSurviveTheOtherWithers() {
        assertThat(JobOptions.fromArgs("--bootstrap", "localhost:9092").scopeSummaries()).isFalse();
        JobOptions on = JobOptions.fromArgs("--bootstrap", "localhost:9092", "--scope-summaries");
        assertThat(on.scopeSummaries()).isTrue();
        assertThat(on.withWindow(Duration.ofSeconds(10), Duration.ofSeconds(5)).scopeSummaries())
                .isTrue();
        assertThat(on.withMaxFutureSkew(Duration.ofMinutes(1)).scopeSummaries()).isTrue();
        assertThat(JobOptions.defaults("localhost:9092").withScopeSummaries(true).scopeSummaries())
                .isTrue();
    }
}
