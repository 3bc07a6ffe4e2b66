package org.qoeflow.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed PrometheusRule is what the generator makes from deploy/prometheus/rules, and the
 * rules use only metrics the code exports. Both are skipped while the rules directory is absent.
 */
class PrometheusRuleTest {
    static final Path ROOT = Manifests.repoRoot();
    static final Path RULES = ROOT.resolve(PrometheusRuleGenerator.RULES_DIR);

    @TempDir Path tmp;

    @Test
    void committedPrometheusRuleIsGeneratedFromTheRuleFiles() throws IOException {
        assumeRules();
        String expected = PrometheusRuleGenerator.generate(RULES);
        Path committed = ROOT.resolve(PrometheusRuleGenerator.OUTPUT);
        if (Boolean.getBoolean("qoeflow.regenerate")) {
            Files.writeString(committed, expected);
            System.out.println("PrometheusRuleTest: wrote " + committed);
        }
        assertThat(committed)
                .as(
                        "%s is stale or missing; regenerate: %s",
                        PrometheusRuleGenerator.OUTPUT, PrometheusRuleGenerator.COMMAND)
                .exists();
        assertThat(Files.readString(committed))
                .as(
                        "%s differs from the rule files; regenerate: %s",
                        PrometheusRuleGenerator.OUTPUT, PrometheusRuleGenerator.COMMAND)
                .isEqualTo(expected);
    }

    @Test
    void generatorWrapsEveryFilesGroupsInFileOrder() throws IOException {
        Files.writeString(
                tmp.resolve("b-job.yml"),
                "groups:\n  - name: job\n    rules:\n      - alert: JobDown\n        expr: up == 0\n");
        Files.writeString(
                tmp.resolve("a-controller.yml"),
                "groups:\n  - name: controller\n    rules:\n      - record: x:y\n        expr: |\n          sum(rate(a[5m]))\n            / 2\n");
        Files.writeString(tmp.resolve("notes.txt"), "not a rule file");
        JsonNode rule = Manifests.YAML.readTree(PrometheusRuleGenerator.generate(tmp));
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rule.path("metadata").path("namespace").asText()).isEqualTo("qoeflow");
        assertThat(rule.path("spec").path("groups").findValuesAsText("name"))
                .containsExactly("controller", "job");
        assertThat(
                        rule.path("spec")
                                .path("groups")
                                .get(0)
                                .path("rules")
                                .get(0)
                                .path("expr")
                                .asText())
                .isEqualTo("sum(rate(a[5m]))\n  / 2\n");
    }

    @Test
    void generatorRejectsAGroupNameTwoFilesUse() throws IOException {
        Files.writeString(tmp.resolve("a.yml"), "groups:\n  - name: qoeflow\n    rules: []\n");
        Files.writeString(tmp.resolve("b.yml"), "groups:\n  - name: qoeflow\n    rules: []\n");
        assertThatThrownBy(() -> PrometheusRuleGenerator.generate(tmp))
                .hasMessageContaining("b.yml: group name 'qoeflow'");
    }

    private static void assumeRules() {
        if (!Files.isDirectory(RULES)) {
            System.out.println(
                    "PrometheusRuleTest: skipped, no "
                            + PrometheusRuleGenerator.RULES_DIR
                            + " yet");
        }
        assumeTrue(
                Files.isDirectory(RULES),
                PrometheusRuleGenerator.RULES_DIR
                        + " does not exist on this branch yet: the"
                        + " PrometheusRule is generated once it does ("
                        + PrometheusRuleGenerator.COMMAND
                        + ")");
    }
}
