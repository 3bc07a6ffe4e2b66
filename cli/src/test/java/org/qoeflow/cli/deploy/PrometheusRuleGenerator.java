package org.qoeflow.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Generates deploy/k8s/prometheus-rule.yaml: one {@code monitoring.coreos.com/v1} PrometheusRule
 * whose groups are those of every deploy/prometheus/rules/*.yml file, in file name order, so the
 * Prometheus operator loads exactly the rules a plain Prometheus loads from that directory.
 */
public final class PrometheusRuleGenerator {
    static final String RULES_DIR = "deploy/prometheus/rules";
    static final String OUTPUT = "deploy/k8s/prometheus-rule.yaml";
    static final String COMMAND =
            "mvn -B -q -pl cli -am test -Dtest=PrometheusRuleTest"
                    + " -Dsurefire.failIfNoSpecifiedTests=false -Dqoeflow.regenerate=true";

    private static final YAMLMapper OUT =
            YAMLMapper.builder(
                            YAMLFactory.builder()
                                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                                    .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                                    .build())
                    .build();

    private PrometheusRuleGenerator() {}

    /** The rule files the PrometheusRule is made from, sorted by name. */
    static List<Path> ruleFiles(Path rulesDir) {
        try (Stream<Path> files = Files.list(rulesDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + rulesDir, e);
        }
    }

    /** The PrometheusRule manifest text for the rule files in {@code rulesDir}. */
    static String generate(Path rulesDir) {
        List<Path> files = ruleFiles(rulesDir);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no *.yml rule files in " + rulesDir);
        }
        ArrayNode groups = OUT.createArrayNode();
        Set<String> names = new HashSet<>();
        List<String> sources = new ArrayList<>();
        for (Path f : files) {
            JsonNode doc = read(f);
            JsonNode fileGroups = doc.path("groups");
            if (!fileGroups.isArray() || fileGroups.isEmpty()) {
                throw new IllegalArgumentException(f + ": no 'groups:' list");
            }
            for (JsonNode g : fileGroups) {
                String name = g.path("name").asText();
                if (name.isEmpty() || !names.add(name)) {
                    throw new IllegalArgumentException(
                            f + ": group name '" + name + "' is empty or used by an earlier file");
                }
                groups.add(g);
            }
            sources.add(f.getFileName().toString());
        }
        ObjectNode rule = OUT.createObjectNode();
        rule.put("apiVersion", "monitoring.coreos.com/v1");
        rule.put("kind", "PrometheusRule");
        ObjectNode meta = rule.putObject("metadata");
        meta.put("name", "qoeflow");
        meta.put("namespace", ManifestChecks.NAMESPACE);
        meta.putObject("labels").put("app.kubernetes.io/part-of", "qoeflow");
        rule.putObject("spec").set("groups", groups);
        try {
            return "# Generated from "
                    + RULES_DIR
                    + "/ ("
                    + String.join(", ", sources)
                    + ") by PrometheusRuleGenerator: do not edit.\n"
                    + "# Regenerate: "
                    + COMMAND
                    + "\n"
                    + OUT.writeValueAsString(rule);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path f) {
        try {
            return Manifests.YAML.readTree(f.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + f, e);
        }
    }

    /** Writes the PrometheusRule; the argument is the repository root (default: found upward). */
    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Path.of(args[0]) : Manifests.repoRoot();
        Files.writeString(root.resolve(OUTPUT), generate(root.resolve(RULES_DIR)));
        System.out.println("wrote " + root.resolve(OUTPUT));
    }
}
