package org.qoeflow.fleet;

import java.util.Arrays;
import java.util.Objects;

/**
 * A fault injected into the simulated fleet for a simulated-time interval [start, end).
 *
 * @param kind what goes wrong
 * @param target device class (THERMAL_WAVE), cloud node id (SLOW_NODE, ERROR_BURST), region
 *     (BANDWIDTH_COLLAPSE) or {@code <region>/<device_class>/<model_variant>} (BAD_MODEL_ROLLOUT)
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
        BANDWIDTH_COLLAPSE,
        /**
         * Every edge device of one class in one region runs a new model variant whose local
         * inferences fail with probability {@code magnitude} and take {@link #BAD_MODEL_SLOWDOWN}
         * times as long; at the end of the fault the devices roll back.
         */
        BAD_MODEL_ROLLOUT
    }

    /**
     * How much slower a bad model variant infers: a broken quantized build whose operators fall
     * back from the accelerator to reference kernels.
     */
    public static final double BAD_MODEL_SLOWDOWN = 1.5;

    /** The devices a BAD_MODEL_ROLLOUT reaches and the variant they then run and report. */
    public record RolloutTarget(String region, String deviceClass, String variant) {
        /** The fault target {@code <region>/<device_class>/<model_variant>}. */
        public String target() {
            return region + "/" + deviceClass + "/" + variant;
        }

        static RolloutTarget parse(String target) {
            String[] parts = target.split("/", -1);
            if (parts.length != 3 || Arrays.stream(parts).anyMatch(String::isBlank)) {
                throw new IllegalArgumentException(
                        "BAD_MODEL_ROLLOUT target must be <region>/<device_class>/<model_variant>,"
                                + " was '"
                                + target
                                + "'");
            }
            return new RolloutTarget(parts[0], parts[1], parts[2]);
        }
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
                    case ERROR_BURST, BAD_MODEL_ROLLOUT -> magnitude >= 0 && magnitude <= 1;
                };
        if (!ok) {
            throw new IllegalArgumentException(
                    "magnitude " + magnitude + " is out of range for " + kind);
        }
        if (kind == Kind.BAD_MODEL_ROLLOUT) {
            RolloutTarget.parse(target);
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

    /**
     * Edge devices of {@code deviceClass} in {@code region} switch to model {@code variant}, which
     * fails a fifth of their local inferences and infers {@link #BAD_MODEL_SLOWDOWN} times slower.
     */
    public static Fault badModelRollout(
            String region, String deviceClass, String variant, long start, long end) {
        return new Fault(
                Kind.BAD_MODEL_ROLLOUT,
                new RolloutTarget(region, deviceClass, variant).target(),
                0.2,
                start,
                end);
    }

    /** Where a BAD_MODEL_ROLLOUT lands; other kinds have no rollout target. */
    public RolloutTarget rolloutTarget() {
        if (kind != Kind.BAD_MODEL_ROLLOUT) {
            throw new IllegalStateException(kind + " has no rollout target");
        }
        return RolloutTarget.parse(target);
    }

    /** Whether the fault is in effect at {@code t}. */
    public boolean activeAt(long t) {
        return t >= startMillis && t < endMillis;
    }
}
