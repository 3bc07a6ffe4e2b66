package org.qoeflow.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One pod spec of a manifest (a Deployment's template or a FlinkDeployment's pod template). */
record PodView(String owner, String namespace, JsonNode labels, JsonNode spec) {

    static PodView of(Manifests.Doc deployment) {
        JsonNode template = deployment.node().path("spec").path("template");
        return new PodView(
                deployment.toString(),
                deployment.namespace(),
                template.path("metadata").path("labels"),
                template.path("spec"));
    }

    static PodView ofFlink(Manifests.Doc flinkDeployment) {
        JsonNode template = flinkDeployment.node().path("spec").path("podTemplate");
        return new PodView(
                flinkDeployment.toString(),
                flinkDeployment.namespace(),
                template.path("metadata").path("labels"),
                template.path("spec"));
    }

    Optional<JsonNode> container(String name) {
        for (JsonNode c : spec.path("containers")) {
            if (c.path("name").asText().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Container port numbers by port name, over all containers. */
    Map<String, Integer> namedPorts() {
        Map<String, Integer> ports = new TreeMap<>();
        for (JsonNode c : spec.path("containers")) {
            for (JsonNode p : c.path("ports")) {
                if (p.hasNonNull("name")) {
                    ports.put(p.path("name").asText(), p.path("containerPort").asInt());
                }
            }
        }
        return ports;
    }

    boolean hasLabels(JsonNode matchLabels) {
        if (!matchLabels.isObject() || matchLabels.isEmpty()) {
            return false;
        }
        List<String> missing = new ArrayList<>();
        matchLabels
                .fields()
                .forEachRemaining(
                        e -> {
                            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                                missing.add(e.getKey());
                            }
                        });
        return missing.isEmpty();
    }

    /**
     * The content of the file at {@code path} inside {@code container}, from the ConfigMap or
     * Secret volume mounted over it; a problem is added to {@code problems} when the path is not on
     * such a volume or the resource or key does not exist in the manifests.
     */
    Optional<String> mountedFile(
            Manifests m, JsonNode container, String path, String what, List<String> problems) {
        for (JsonNode mount : container.path("volumeMounts")) {
            String dir = mount.path("mountPath").asText();
            if (!path.startsWith(dir.endsWith("/") ? dir : dir + "/")) {
                continue;
            }
            String file = path.substring(dir.length()).replaceFirst("^/", "");
            JsonNode volume = volume(mount.path("name").asText());
            if (volume == null) {
                problems.add(
                        owner
                                + ": "
                                + what
                                + " "
                                + path
                                + " is on volume '"
                                + mount.path("name").asText()
                                + "', which the pod does not define");
                return Optional.empty();
            }
            if (volume.has("configMap")) {
                return fromResource(
                        m,
                        "ConfigMap",
                        volume.path("configMap"),
                        "name",
                        file,
                        path,
                        what,
                        problems);
            }
            if (volume.has("secret")) {
                return fromResource(
                        m,
                        "Secret",
                        volume.path("secret"),
                        "secretName",
                        file,
                        path,
                        what,
                        problems);
            }
            problems.add(
                    owner
                            + ": "
                            + what
                            + " "
                            + path
                            + " is on a volume that is neither a ConfigMap nor a Secret");
            return Optional.empty();
        }
        problems.add(
                owner
                        + ": "
                        + what
                        + " "
                        + path
                        + " is not under any volumeMount of the container");
        return Optional.empty();
    }

    private JsonNode volume(String name) {
        for (JsonNode v : spec.path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private Optional<String> fromResource(
            Manifests m,
            String kind,
            JsonNode source,
            String nameField,
            String file,
            String path,
            String what,
            List<String> problems) {
        String resource = source.path(nameField).asText();
        String key = file;
        if (source.has("items")) {
            key = null;
            for (JsonNode item : source.path("items")) {
                if (item.path("path").asText().equals(file)) {
                    key = item.path("key").asText();
                }
            }
            if (key == null) {
                problems.add(
                        owner
                                + ": "
                                + what
                                + " "
                                + path
                                + ": the "
                                + kind
                                + " volume's items do not project "
                                + file);
                return Optional.empty();
            }
        }
        Optional<Manifests.Doc> doc = m.find(kind, resource);
        if (doc.isEmpty() || !doc.get().namespace().equals(namespace)) {
            problems.add(
                    owner
                            + ": "
                            + what
                            + " "
                            + path
                            + " comes from "
                            + kind
                            + " "
                            + resource
                            + ", which no manifest in namespace "
                            + namespace
                            + " defines");
            return Optional.empty();
        }
        JsonNode n = doc.get().node();
        if (n.path("stringData").has(key)) {
            return Optional.of(n.path("stringData").path(key).asText());
        }
        if (n.path("data").has(key)) {
            String v = n.path("data").path(key).asText();
            return Optional.of(
                    kind.equals("Secret")
                            ? new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)
                            : v);
        }
        problems.add(
                owner
                        + ": "
                        + what
                        + " "
                        + path
                        + ": "
                        + kind
                        + " "
                        + resource
                        + " has no key "
                        + key);
        return Optional.empty();
    }
}
