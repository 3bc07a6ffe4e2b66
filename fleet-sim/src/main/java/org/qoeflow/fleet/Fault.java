package org.qoeflow.fleet;

import java.util.Objects;

/**
 * A fault injected into the simulated fleet for a simulated-time interval [start, end).
 *
 * @param kind what goes wrong
 * @param target device class (THERMAL_WAVE), cloud node id (SLOW_NODE, ERROR_BURST) or region
 *     (BANDWIDTH_COLLAPSE)
 * @param magnitude ambient rise in C, compute multiplier, failure probability or bandwidth divisor
 */
public record Fault(Kind kind, String target, double magnitude, long startMillis, long endMillis) {

    /** The kinds of fault the simulator can play. */
    public enum Kind {
        /** Ambient temperature of one edge device class rises by {@code magnitude} C. */
        THERMAL_WAVE,
        /** One cloud node's compute time is multiplied by {@code magnitude}. */
        SLOW_NODE,
        /** One cloud node fails requests with probability {@code magnitude}. */
        ERROR_BURST,
        /** Bandwidth of every edge device in one region is divided by {@code magnitude}. */
        BANDWIDTH_COLLAPSE
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        if (endMillis <= startMillis) {
            throw new IllegalArgumentException(
                    "endMillis must be > startMillis, was " + startMillis + ".." + endMillis);
        }
        boolean ok =
                switch (kind) {
                    case THERMAL_WAVE -> Double.isFinite(magnitude);
                    case SLOW_NODE, BANDWIDTH_COLLAPSE ->
                            magnitude >= 1 && Double.isFinite(magnitude);
                    case ERROR_BURST -> magnitude >= 0 && magnitude <= 1;
                };
        if (!ok) {
            throw new IllegalArgumentException(
                    "magnitude " + magnitude + " is out of range for " + kind);
        }
    }

    /** Ambient of {@code deviceClass} rises by {@code deltaC}. */
    public static Fault thermalWave(String deviceClass, double deltaC, long start, long end) {
        return new Fault(Kind.THERMAL_WAVE, deviceClass, deltaC, start, end);
    }

    /** Cloud node {@code nodeId} computes 4 times slower. */
    public static Fault slowNode(String nodeId, long start, long end) {
        return new Fault(Kind.SLOW_NODE, nodeId, 4.0, start, end);
    }

    /** Cloud node {@code nodeId} fails half of its requests. */
    public static Fault errorBurst(String nodeId, long start, long end) {
        return new Fault(Kind.ERROR_BURST, nodeId, 0.5, start, end);
    }

    /** Edge bandwidth in {@code region} drops to a tenth. */
    public static Fault bandwidthCollapse(String region, long start, long end) {
        return new Fault(Kind.BANDWIDTH_COLLAPSE, region, 10.0, start, end);
    }

    /** Whether the fault is in effect at {@code t}. */
    public boolean activeAt(long t) {
        return t >= startMillis && t < endMillis;
    }
}
