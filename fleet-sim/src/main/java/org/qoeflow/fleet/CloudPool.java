package org.qoeflow.fleet;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.qoeflow.schema.NodeSample;

/**
 * State of the cloud nodes: offered-rate estimate per node, queueing latency {@code compute / (1 -
 * min(utilization, 0.95))}, overload failures and the per-node fault effects.
 */
final class CloudPool {
    static final double MAX_UTILIZATION = 0.95;
    static final double OVERLOAD_UTILIZATION = 0.9;
    static final double OVERLOAD_FAILURE_PROBABILITY = 0.05;

    /** Time constant of the offered-rate estimate. */
    static final double RATE_TAU_MS = 1_000;

    final int size;
    final String[] ids;
    final short[] regionIndex;
    private final double capacityRps;
    private final double[] rateRps;
    private final int[] servedInStep;

    /** Fault effects, reset and re-applied at the start of every step. */
    final double[] computeMultiplier;

    final double[] extraFailureProbability;

    CloudPool(String[] ids, short[] regionIndex, double capacityRps) {
        this.size = ids.length;
        this.ids = ids;
        this.regionIndex = regionIndex;
        this.capacityRps = capacityRps;
        this.rateRps = new double[size];
        this.servedInStep = new int[size];
        this.computeMultiplier = new double[size];
        this.extraFailureProbability = new double[size];
        clearFaults();
    }

    void clearFaults() {
        Arrays.fill(computeMultiplier, 1.0);
        Arrays.fill(extraFailureProbability, 0.0);
    }

    double utilization(int k) {
        return rateRps[k] / capacityRps;
    }

    /** Server-side latency of one request on node {@code k}; counts it toward the offered rate. */
    double serveMs(int k, RandomGenerator rnd) {
        servedInStep[k]++;
        double compute =
                DeviceClass.GPU_A100.baseLatencyMs()
                        * computeMultiplier[k]
                        * Math.max(0.5, 1 + 0.1 * rnd.nextGaussian());
        return compute / (1 - Math.min(utilization(k), MAX_UTILIZATION));
    }

    /** Probability that a request on node {@code k} fails, given the fleet's base probability. */
    double failureProbability(int k, double base) {
        double p = base + extraFailureProbability[k];
        if (utilization(k) > OVERLOAD_UTILIZATION) {
            p += OVERLOAD_FAILURE_PROBABILITY;
        }
        return Math.min(1.0, p);
    }

    /** Folds the requests of a finished step of {@code dtMillis} into the rate estimates. */
    void endStep(long dtMillis) {
        if (dtMillis <= 0) {
            return;
        }
        double alpha = 1 - Math.exp(-dtMillis / RATE_TAU_MS);
        for (int k = 0; k < size; k++) {
            double rate = servedInStep[k] * 1000.0 / dtMillis;
            rateRps[k] += alpha * (rate - rateRps[k]);
            servedInStep[k] = 0;
        }
    }

    /** The periodic sample of node {@code k}. */
    NodeSample sample(int k, RandomGenerator rnd) {
        DeviceClass c = DeviceClass.GPU_A100;
        double util = Math.min(utilization(k), 1.0);
        double busy = Math.min(utilization(k), MAX_UTILIZATION);
        int queueDepth = (int) Math.round(busy / (1 - busy));
        return new NodeSample(
                c.maxFreqMhz() / computeMultiplier[k],
                c.idlePowerMw() + (c.maxPowerMw() - c.idlePowerMw()) * util,
                35 + 40 * util + rnd.nextGaussian(),
                c.bandwidthKbps(),
                0.5 + 0.2 * Math.abs(rnd.nextGaussian()),
                0.0,
                0,
                queueDepth,
                c.memoryMb() * (0.6 + 0.3 * util));
    }
}
