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

    FaultSchedule(DeviceClass[] classes, String[] regions, String[] cloudIds) {
        this.classes = classes;
        this.regions = List.of(regions);
        this.cloudIds = List.of(cloudIds);
        this.ambientC = new double[classes.length];
        this.bandwidthDivisor = new double[regions.length];
        Arrays.fill(ambientC, EdgeDevices.AMBIENT_C);
        Arrays.fill(bandwidthDivisor, 1.0);
    }

    void add(Fault f) {
        switch (f.kind()) {
            case THERMAL_WAVE -> DeviceClass.edgeClass(f.target());
            case SLOW_NODE, ERROR_BURST -> require(cloudIds.contains(f.target()), "cloud node", f);
            case BANDWIDTH_COLLAPSE -> require(regions.contains(f.target()), "region", f);
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
            }
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

    /** Bandwidth divisor of region {@code r} now (1 = healthy). */
    double bandwidthDivisor(int r) {
        return bandwidthDivisor[r];
    }
}
