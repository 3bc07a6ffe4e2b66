package org.qoeflow.fleet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Injected faults and their combined effect at the current simulated step. */
final class FaultSchedule {
    private final DeviceClass[] classes;
    private final List<String> regions;
    private final List<String> cloudIds;
    private final List<Fault> faults = new ArrayList<>();
    private final double[] ambientC;
    private final double[] bandwidthDivisor;
    private final String[][] modelVariant;
    private final double[][] modelFailureProbability;
    private final double[][] modelSlowdown;

    FaultSchedule(DeviceClass[] classes, String[] regions, String[] cloudIds) {
        this.classes = classes;
        this.regions = List.of(regions);
        this.cloudIds = List.of(cloudIds);
        this.ambientC = new double[classes.length];
        this.bandwidthDivisor = new double[regions.length];
        this.modelVariant = new String[regions.length][classes.length];
        this.modelFailureProbability = new double[regions.length][classes.length];
        this.modelSlowdown = new double[regions.length][classes.length];
        Arrays.fill(ambientC, EdgeDevices.AMBIENT_C);
        Arrays.fill(bandwidthDivisor, 1.0);
        clearRollouts();
    }

    void add(Fault f) {
        switch (f.kind()) {
            case THERMAL_WAVE -> DeviceClass.edgeClass(f.target());
            case SLOW_NODE, ERROR_BURST -> require(cloudIds.contains(f.target()), "cloud node", f);
            case BANDWIDTH_COLLAPSE -> require(regions.contains(f.target()), "region", f);
            case BAD_MODEL_ROLLOUT -> {
                Fault.RolloutTarget rollout = f.rolloutTarget();
                require(regions.contains(rollout.region()), "region", f);
                classIndex(rollout.deviceClass());
            }
        }
        faults.add(f);
    }

    private static void require(boolean exists, String what, Fault f) {
        if (!exists) {
            throw new IllegalArgumentException(
                    f.kind() + " targets unknown " + what + " '" + f.target() + "'");
        }
    }

    /** Recomputes the effects of the faults active at {@code t}; drops finished ones. */
    void applyAt(long t, CloudPool cloud) {
        Arrays.fill(ambientC, EdgeDevices.AMBIENT_C);
        Arrays.fill(bandwidthDivisor, 1.0);
        clearRollouts();
        cloud.clearFaults();
        faults.removeIf(f -> f.endMillis() <= t);
        for (Fault f : faults) {
            if (!f.activeAt(t)) {
                continue;
            }
            switch (f.kind()) {
                case THERMAL_WAVE -> ambientC[classIndex(f.target())] += f.magnitude();
                case SLOW_NODE ->
                        cloud.computeMultiplier[cloudIds.indexOf(f.target())] *= f.magnitude();
                case ERROR_BURST ->
                        cloud.extraFailureProbability[cloudIds.indexOf(f.target())] +=
                                f.magnitude();
                case BANDWIDTH_COLLAPSE ->
                        bandwidthDivisor[regions.indexOf(f.target())] *= f.magnitude();
                case BAD_MODEL_ROLLOUT -> rollOut(f);
            }
        }
    }

    /** A later rollout to the same devices replaces an earlier one: a device runs one model. */
    private void rollOut(Fault f) {
        Fault.RolloutTarget rollout = f.rolloutTarget();
        int r = regions.indexOf(rollout.region());
        int c = classIndex(rollout.deviceClass());
        modelVariant[r][c] = rollout.variant();
        modelFailureProbability[r][c] = f.magnitude();
        modelSlowdown[r][c] = Fault.BAD_MODEL_SLOWDOWN;
    }

    private void clearRollouts() {
        for (int r = 0; r < modelVariant.length; r++) {
            Arrays.fill(modelVariant[r], FleetSimulator.EDGE_MODEL_VARIANT);
            Arrays.fill(modelFailureProbability[r], 0.0);
            Arrays.fill(modelSlowdown[r], 1.0);
        }
    }

    private int classIndex(String label) {
        DeviceClass c = DeviceClass.edgeClass(label);
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] == c) {
                return i;
            }
        }
        throw new IllegalStateException("not an edge class: " + label);
    }

    /** Ambient temperature of edge class {@code c} now. */
    double ambientC(int c) {
        return ambientC[c];
    }

    /** Edge model variant that devices of region {@code r} and class {@code c} run now. */
    String modelVariant(int r, int c) {
        return modelVariant[r][c];
    }

    /** Extra failure probability of a local inference in region {@code r}, class {@code c}. */
    double modelFailureProbability(int r, int c) {
        return modelFailureProbability[r][c];
    }

    /** Local inference time multiplier of the model in region {@code r}, class {@code c}. */
    double modelSlowdown(int r, int c) {
        return modelSlowdown[r][c];
    }

    /** Bandwidth divisor of region {@code r} now (1 = healthy). */
    double bandwidthDivisor(int r) {
        return bandwidthDivisor[r];
    }
}
