package org.qoeflow.cli.stack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.qoeflow.common.Checks;

/**
 * The ports of the local stack by name, all bound on {@link #host} (127.0.0.1 unless configured).
 */
public record StackPorts(String host, Map<String, Integer> ports) {
    public static final String KAFKA = "kafka";
    public static final String KAFKA_CONTROLLER = "kafka-controller";
    public static final String FLINK_REST = "flink-rest";
    public static final String FLINK_RPC = "flink-rpc";
    public static final String FLINK_JM_METRICS = "flink-jm-metrics";
    public static final String FLINK_TM_METRICS = "flink-tm-metrics";
    public static final String CONTROLLER_METRICS = "controller-metrics";
    public static final String FLEET_METRICS = "fleet-metrics";
    public static final String PROMETHEUS = "prometheus";
    public static final String ALERTMANAGER = "alertmanager";

    public static final StackPorts DEFAULTS = defaults();

    public StackPorts {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host must not be empty");
        }
        ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
        for (var e : ports.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("port " + e.getKey() + " has no number");
            }
            Checks.inRange("port " + e.getKey(), e.getValue(), 1, 65535);
        }
    }

    private static StackPorts defaults() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(KAFKA, 9092);
        m.put(KAFKA_CONTROLLER, 9094);
        m.put(FLINK_REST, 8081);
        m.put(FLINK_RPC, 6123);
        m.put(FLINK_JM_METRICS, 9249);
        m.put(FLINK_TM_METRICS, 9250);
        m.put(CONTROLLER_METRICS, 9464);
        m.put(FLEET_METRICS, 9465);
        m.put(PROMETHEUS, 9090);
        m.put(ALERTMANAGER, 9093);
        return new StackPorts("127.0.0.1", m);
    }

    /** Every port free on this machine now (tests and chaos runs beside a running stack). */
    public static StackPorts free() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String name : DEFAULTS.ports().keySet()) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                m.put(name, s.getLocalPort());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("no free port", e);
            }
        }
        return DEFAULTS.with(m);
    }

    public int port(String name) {
        Integer p = ports.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown port " + name);
        }
        return p;
    }

    /** A copy with the named ports replaced; unknown names are rejected listing the valid ones. */
    public StackPorts with(Map<String, Integer> overrides) {
        Map<String, Integer> m = new LinkedHashMap<>(ports);
        for (var e : overrides.entrySet()) {
            if (!m.containsKey(e.getKey())) {
                throw new IllegalArgumentException(
                        "unknown port '"
                                + e.getKey()
                                + "'; known: "
                                + String.join(", ", m.keySet()));
            }
            m.put(e.getKey(), e.getValue());
        }
        return new StackPorts(host, m);
    }

    public StackPorts withHost(String h) {
        return new StackPorts(h, ports);
    }

    public String address(String name) {
        return host + ":" + port(name);
    }

    public String bootstrap() {
        return address(KAFKA);
    }

    public String flinkRestUrl() {
        return "http://" + address(FLINK_REST);
    }
}
