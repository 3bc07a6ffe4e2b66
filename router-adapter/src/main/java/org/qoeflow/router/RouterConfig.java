package org.qoeflow.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.qoeflow.common.Durations;
import org.qoeflow.schema.Identifiers;

/**
 * The router adapter's configuration: which HAProxy to drive, how often to check it for drift, and
 * for each region which {@code <backend>/<server>} serves each cloud node id. Loaded from YAML:
 *
 * <pre>
 * haproxy:
 *   runtime-api: unix:/run/haproxy/admin.sock   # or tcp:127.0.0.1:9999
 *   timeout: 2s                                  # per runtime API command (default 2s)
 * resync-every: 5s                               # drift check (default 5s)
 * regions:
 *   eu-west:
 *     cloud-eu-west-0: inference_eu/node0
 *     cloud-eu-west-1: inference_eu/node1
 * </pre>
 */
public record RouterConfig(
        RuntimeApiAddress runtimeApi,
        Duration timeout,
        Duration resyncEvery,
        Map<String, Map<String, ServerRef>> regions) {
    static final Duration MIN_INTERVAL = Duration.ofMillis(50);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    private static final Set<String> TOP_KEYS = Set.of("haproxy", "resync-every", "regions");
    private static final Set<String> HAPROXY_KEYS = Set.of("runtime-api", "timeout");

    public RouterConfig {
        if (runtimeApi == null) {
            throw new IllegalArgumentException("haproxy.runtime-api is required");
        }
        timeout = inRange("haproxy.timeout", timeout);
        resyncEvery = inRange("resync-every", resyncEvery);
        regions = validRegions(regions);
    }

    /** Reads and validates {@code file}; every error names the file and the key. */
    public static RouterConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read router config " + file, e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates YAML {@code text}. */
    public static RouterConfig parse(String text) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a mapping with haproxy: and regions:");
        }
        onlyKeys("", root, TOP_KEYS);
        JsonNode haproxy = root.path("haproxy");
        if (!haproxy.isObject()) {
            throw new IllegalArgumentException("haproxy: must be a mapping with runtime-api:");
        }
        onlyKeys("haproxy.", haproxy, HAPROXY_KEYS);
        JsonNode api = haproxy.path("runtime-api");
        if (!api.isTextual()) {
            throw new IllegalArgumentException(
                    "haproxy.runtime-api is required: unix:<socket path> or tcp:<host>:<port>");
        }
        return new RouterConfig(
                RuntimeApiAddress.parse(api.asText()),
                duration("haproxy.timeout", haproxy.path("timeout"), "2s"),
                duration("resync-every", root.path("resync-every"), "5s"),
                regions(root.path("regions")));
    }

    private static Map<String, Map<String, ServerRef>> regions(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            throw new IllegalArgumentException(
                    "regions: must map at least one region to {cloud node id: backend/server}");
        }
        Map<String, Map<String, ServerRef>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> region = it.next();
            String where = "regions." + region.getKey();
            if (!region.getValue().isObject()) {
                throw new IllegalArgumentException(
                        where + " must map cloud node ids to backend/server");
            }
            Map<String, ServerRef> servers = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> s = region.getValue().fields();
                    s.hasNext(); ) {
                Map.Entry<String, JsonNode> e = s.next();
                if (!e.getValue().isTextual()) {
                    throw new IllegalArgumentException(
                            where + "." + e.getKey() + " must be a string backend/server");
                }
                try {
                    servers.put(e.getKey(), ServerRef.parse(e.getValue().asText()));
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException(
                            where + "." + e.getKey() + ": " + bad.getMessage(), bad);
                }
            }
            out.put(region.getKey(), servers);
        }
        return out;
    }

    private static Map<String, Map<String, ServerRef>> validRegions(
            Map<String, Map<String, ServerRef>> regions) {
        if (regions == null || regions.isEmpty()) {
            throw new IllegalArgumentException("regions: needs at least one region");
        }
        Map<ServerRef, String> owner = new TreeMap<>();
        Map<String, Map<String, ServerRef>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, ServerRef>> r : regions.entrySet()) {
            String region = r.getKey();
            if (!Identifiers.valid(region)) {
                throw new IllegalArgumentException(
                        "regions: region '" + region + "' must match " + Identifiers.SYNTAX);
            }
            if (r.getValue() == null || r.getValue().isEmpty()) {
                throw new IllegalArgumentException(
                        "regions." + region + " maps no cloud node to a server");
            }
            for (Map.Entry<String, ServerRef> s : r.getValue().entrySet()) {
                if (!Identifiers.valid(s.getKey())) {
                    throw new IllegalArgumentException(
                            "regions."
                                    + region
                                    + ": cloud node id '"
                                    + s.getKey()
                                    + "' must match "
                                    + Identifiers.SYNTAX);
                }
                String other = owner.put(s.getValue(), region + "." + s.getKey());
                if (other != null) {
                    throw new IllegalArgumentException(
                            "server "
                                    + s.getValue()
                                    + " is mapped twice: regions."
                                    + other
                                    + " and regions."
                                    + region
                                    + "."
                                    + s.getKey());
                }
            }
            copy.put(region, Map.copyOf(r.getValue()));
        }
        return copy;
    }

    private static void onlyKeys(String prefix, JsonNode node, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown key "
                                + prefix
                                + key
                                + " (allowed: "
                                + String.join(", ", new TreeSet<>(allowed))
                                + ")");
            }
        }
    }

    private static Duration duration(String key, JsonNode node, String dflt) {
        if (node.isMissingNode() || node.isNull()) {
            return Durations.parse(dflt);
        }
        try {
            return Durations.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static Duration inRange(String key, Duration d) {
        if (d == null || d.compareTo(MIN_INTERVAL) < 0 || d.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException(
                    key + " must be in [50ms, 1h], got " + (d == null ? "nothing" : d));
        }
        return d;
    }

    /** Every backend the regions map servers into. */
    public Set<String> backends() {
        Set<String> out = new TreeSet<>();
        regions.values().forEach(m -> m.values().forEach(s -> out.add(s.backend())));
        return out;
    }
}
