package org.qoeflow.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every Kubernetes document under {@code deploy/k8s}, parsed, with the file it came from. */
final class Manifests {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One YAML document of a manifest file. */
    record Doc(Path file, ObjectNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        String namespace() {
            return node.path("metadata").path("namespace").asText();
        }

        Doc copy() {
            return new Doc(file, node.deepCopy());
        }

        @Override
        public String toString() {
            return kind() + " " + name() + " (" + file.getFileName() + ")";
        }
    }

    private final List<Doc> docs;

    Manifests(List<Doc> docs) {
        this.docs = List.copyOf(docs);
    }

    /** The repository root: the nearest parent of the working directory holding deploy/. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no deploy/ directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path k8sDir() {
        return repoRoot().resolve("deploy/k8s");
    }

    /** Parses every *.yaml / *.yml file under {@code dir}, recursively. */
    static Manifests load(Path dir) {
        List<Doc> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Manifests::isYaml).sorted().toList()) {
                try (MappingIterator<JsonNode> it =
                        YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode n = it.next();
                        if (n instanceof ObjectNode o && !o.isEmpty()) {
                            docs.add(new Doc(f, o));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifests in " + dir, e);
        }
        return new Manifests(docs);
    }

    static boolean isYaml(Path f) {
        String n = f.getFileName().toString();
        return Files.isRegularFile(f) && (n.endsWith(".yaml") || n.endsWith(".yml"));
    }

    List<Doc> all() {
        return docs;
    }

    List<Doc> ofKind(String kind) {
        return docs.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    Optional<Doc> find(String kind, String name) {
        return docs.stream()
                .filter(d -> d.kind().equals(kind) && d.name().equals(name))
                .findFirst();
    }

    Doc get(String kind, String name) {
        return find(kind, name)
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no " + kind + " named " + name + " in deploy/k8s"));
    }

    /** A deep copy, for tests that break one manifest and expect a check to notice. */
    Manifests copy() {
        return new Manifests(docs.stream().map(Doc::copy).toList());
    }
}
