package org.qoeflow.fleet;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.qoeflow.schema.NodeSample;

/**
 * State and physics of all edge devices in primitive arrays (small enough for 100k devices): Newton
 * cooling toward ambient, heating by local inference, throttling above 45 C.
 */
final class EdgeDevices {
    static final double AMBIENT_C = 25.0;
    static final double THROTTLE_C = 45.0;
    static final double COOLING_TAU_MS = 60_000;

    /** Heating rate while inferring 100% of the time: steady state about 36 C over ambient. */
    static final double HEAT_C_PER_BUSY_SECOND = 0.6;

    private static final double MIN_FREQ_FACTOR = 0.4;
    private static final double FREQ_DROP_PER_C = 0.025;
    private static final double UI_BACKGROUND_LOAD = 0.1;

    final int size;
    final byte[] classIndex;
    final short[] regionIndex;
    private final DeviceClass[] classes;
    private final double[] temperature;
    private final long[] temperatureAt;
    private final float[] speed;
    private final float[] bandwidthKbps;
    private final double[] busyMsSinceSample;
    private final long[] lastSampleAt;
    private final int[] population;

    EdgeDevices(
            DeviceClass[] classes, byte[] classIndex, short[] regionIndex, RandomGenerator rnd) {
        this.classes = classes;
        this.size = classIndex.length;
        this.classIndex = classIndex;
        this.regionIndex = regionIndex;
        this.temperature = new double[size];
        this.temperatureAt = new long[size];
        this.speed = new float[size];
        this.bandwidthKbps = new float[size];
        this.busyMsSinceSample = new double[size];
        this.lastSampleAt = new long[size];
        this.population = new int[classes.length];
        for (int i = 0; i < size; i++) {
            temperature[i] = AMBIENT_C + rnd.nextDouble() * 3;
            temperatureAt[i] = Long.MIN_VALUE;
            // Silicon lottery and background apps: +-10% around the class figure.
            speed[i] = (float) (0.9 + 0.2 * rnd.nextDouble());
            bandwidthKbps[i] = (float) (cls(i).bandwidthKbps() * (0.5 + rnd.nextDouble()));
            lastSampleAt[i] = Long.MIN_VALUE;
            population[classIndex[i]]++;
        }
    }

    /** Devices of random class by {@code mix} weights, spread round-robin over regions. */
    static EdgeDevices create(
            DeviceClass[] classes, double[] mix, int n, int regions, RandomGenerator rnd) {
        double total = Arrays.stream(mix).sum();
        byte[] cls = new byte[n];
        short[] region = new short[n];
        for (int i = 0; i < n; i++) {
            cls[i] = (byte) pick(mix, rnd.nextDouble() * total);
            region[i] = (short) (i % regions);
        }
        return new EdgeDevices(classes, cls, region, rnd);
    }

    private static int pick(double[] weights, double x) {
        int last = 0;
        for (int c = 0; c < weights.length; c++) {
            if (weights[c] > 0) {
                last = c;
                x -= weights[c];
                if (x < 0) {
                    return c;
                }
            }
        }
        return last;
    }

    /** Number of devices of class index {@code c}. */
    int population(int c) {
        return population[c];
    }

    DeviceClass cls(int i) {
        return classes[classIndex[i]];
    }

    /** Temperature at {@code t}, after cooling toward {@code ambientC} since the last update. */
    double temperature(int i, long t, double ambientC) {
        long since = temperatureAt[i];
        if (since == Long.MIN_VALUE) {
            temperatureAt[i] = t;
        } else if (t > since) {
            double decay = Math.exp(-(t - since) / COOLING_TAU_MS);
            temperature[i] = ambientC + (temperature[i] - ambientC) * decay;
            temperatureAt[i] = t;
        }
        return temperature[i];
    }

    /** Temperature at {@code t} without changing state (for statistics). */
    double peekTemperature(int i, long t, double ambientC) {
        long since = temperatureAt[i];
        if (since == Long.MIN_VALUE || t <= since) {
            return temperature[i];
        }
        return ambientC + (temperature[i] - ambientC) * Math.exp(-(t - since) / COOLING_TAU_MS);
    }

    /** CPU clock as a fraction of the maximum: 1 up to 45 C, then falling 2.5% per degree. */
    static double freqFactor(double temperatureC) {
        if (temperatureC <= THROTTLE_C) {
            return 1.0;
        }
        return Math.max(MIN_FREQ_FACTOR, 1.0 - FREQ_DROP_PER_C * (temperatureC - THROTTLE_C));
    }

    /**
     * What the device expects a local inference to take now: base latency x thermal factor x the
     * {@code slowdown} of the model it runs (1 for the regular model).
     */
    double predictedLocalMs(int i, long t, double ambientC, double slowdown) {
        double temp = temperature(i, t, ambientC);
        return cls(i).baseLatencyMs() * speed[i] / freqFactor(temp) * slowdown;
    }

    /** Runs one inference on the device; returns its latency and heats the device. */
    double runLocal(int i, long t, double ambientC, double slowdown, RandomGenerator rnd) {
        double temp = temperature(i, t, ambientC);
        double mean = cls(i).baseLatencyMs() * speed[i] / freqFactor(temp) * slowdown;
        double sd = cls(i).latencySdMs(temp) * slowdown;
        double latency = Math.max(0.5 * mean, mean + sd * rnd.nextGaussian());
        temperature[i] = temp + HEAT_C_PER_BUSY_SECOND * latency / 1000.0;
        busyMsSinceSample[i] += latency;
        return latency;
    }

    /** Failure probability of a local inference: overheated devices kill the app now and then. */
    static double localFailureProbability(double base, double temperatureC) {
        return temperatureC > 70 ? base + 0.02 : base;
    }

    /** Current bandwidth with random fluctuation, divided by an active collapse. */
    double bandwidthKbps(int i, double divisor, RandomGenerator rnd) {
        double bw = bandwidthKbps[i] / divisor * (1 + 0.1 * rnd.nextGaussian());
        return Math.max(1.0, bw);
    }

    /** The periodic sample of device {@code i}; resets its load accounting. */
    NodeSample sample(int i, long t, double ambientC, double bwDivisor, RandomGenerator rnd) {
        double temp = temperature(i, t, ambientC);
        double freq = freqFactor(temp);
        long window = lastSampleAt[i] == Long.MIN_VALUE ? 1000 : Math.max(1, t - lastSampleAt[i]);
        double load = Math.min(1.0, UI_BACKGROUND_LOAD + busyMsSinceSample[i] / window);
        busyMsSinceSample[i] = 0;
        lastSampleAt[i] = t;
        DeviceClass c = cls(i);
        double power =
                (c.idlePowerMw() + (c.maxPowerMw() - c.idlePowerMw()) * load * freq * freq)
                        * (1 + 0.03 * rnd.nextGaussian());
        double fps =
                60 * Math.min(1.0, freq + 0.2) * (1 - 0.25 * load) - Math.abs(rnd.nextGaussian());
        fps = Math.max(5, Math.min(60, fps));
        int jank = (int) Math.round((60 - fps) * 0.6 + Math.abs(rnd.nextGaussian()) * 0.5);
        double jitter = (4 + 2 * Math.abs(rnd.nextGaussian())) * (bwDivisor > 1 ? 4 : 1);
        return new NodeSample(
                c.maxFreqMhz() * freq * (0.5 + 0.5 * load),
                Math.max(0, power),
                temp,
                bandwidthKbps(i, bwDivisor, rnd),
                jitter,
                fps,
                jank,
                0,
                c.memoryMb() * 0.4 + 300 * load);
    }
}
