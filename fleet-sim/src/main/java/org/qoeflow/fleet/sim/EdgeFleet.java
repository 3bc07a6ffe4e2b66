package org.qoeflow.fleet.sim;

import java.util.List;
import java.util.SplittableRandom;
import org.qoeflow.fleet.sim.Scenario.DeviceClassSpec;
import org.qoeflow.fleet.sim.Scenario.Region;
import org.qoeflow.fleet.sim.Scenario.Thermal;
import org.qoeflow.schema.NodeSample;

/**
 * The edge devices in primitive arrays: class, region, speed (silicon lottery), bandwidth,
 * temperature (Newton cooling toward ambient, heating by inference, throttling) and a FIFO queue of
 * local inferences ({@code busyUntil}).
 */
final class EdgeFleet {
    final int size;
    final DeviceClassSpec[] classes;
    final byte[] cls;
    final byte[] region;
    final String[] ids;
    private final double[] speed;
    private final double[] bandwidth;
    private final double[] temperature;
    private final long[] temperatureAt;
    private final double[] busyUntil;
    private final double[] busyMs;

    /** Stable per-device draw in [0, 1) that decides who gets a rolled-out model variant. */
    final double[] rolloutDraw;

    EdgeFleet(Scenario s, SplittableRandom rnd) {
        List<DeviceClassSpec> cl = s.edge().classes();
        this.classes = cl.toArray(DeviceClassSpec[]::new);
        this.size = s.edge().devices();
        this.cls = new byte[size];
        this.region = new byte[size];
        this.ids = new String[size];
        this.speed = new double[size];
        this.bandwidth = new double[size];
        this.temperature = new double[size];
        this.temperatureAt = new long[size];
        this.busyUntil = new double[size];
        this.busyMs = new double[size];
        this.rolloutDraw = new double[size];
        double[] classShare = cl.stream().mapToDouble(DeviceClassSpec::share).toArray();
        double[] regionShare = s.regions().stream().mapToDouble(Region::share).toArray();
        for (int i = 0; i < size; i++) {
            cls[i] = (byte) pick(classShare, rnd.nextDouble());
            region[i] = (byte) pick(regionShare, rnd.nextDouble());
            ids[i] = String.format("edge-%06d", i);
            speed[i] = 0.9 + 0.2 * rnd.nextDouble();
            Region r = s.regions().get(region[i]);
            bandwidth[i] =
                    Math.max(
                            r.bandwidthMeanKbps() * 0.05,
                            r.bandwidthMeanKbps() + r.bandwidthSdKbps() * rnd.nextGaussian());
            temperature[i] = classes[cls[i]].thermal().ambientC() + 3 * rnd.nextDouble();
            temperatureAt[i] = 0;
            rolloutDraw[i] = rnd.nextDouble();
        }
    }

    private static int pick(double[] weights, double u) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = u * total;
        for (int k = 0; k < weights.length; k++) {
            x -= weights[k];
            if (x < 0 && weights[k] > 0) {
                return k;
            }
        }
        for (int k = weights.length - 1; k >= 0; k--) {
            if (weights[k] > 0) {
                return k;
            }
        }
        return 0;
    }

    Thermal thermal(int i) {
        return classes[cls[i]].thermal();
    }

    /** Temperature at {@code t} after cooling toward {@code ambient} since the last update. */
    double temperature(int i, long t, double ambient) {
        long since = temperatureAt[i];
        if (t > since) {
            double decay = Math.exp(-(t - since) / thermal(i).coolingTauMs());
            temperature[i] = ambient + (temperature[i] - ambient) * decay;
            temperatureAt[i] = t;
        }
        return temperature[i];
    }

    /** Temperature at {@code t} without updating the device's thermal state. */
    double peekTemperature(int i, long t, double ambient) {
        long since = temperatureAt[i];
        if (t <= since) {
            return temperature[i];
        }
        double decay = Math.exp(-(t - since) / thermal(i).coolingTauMs());
        return ambient + (temperature[i] - ambient) * decay;
    }

    /** CPU clock as a fraction of the maximum at {@code tempC}. */
    double freqFactor(int i, double tempC) {
        Thermal th = thermal(i);
        if (tempC <= th.throttleC()) {
            return 1.0;
        }
        return Math.max(th.minFreq(), 1.0 - th.freqDropPerC() * (tempC - th.throttleC()));
    }

    /** Mean local inference latency now (no queue), with the variant's latency factor. */
    double meanLocalMs(int i, double tempC, double variantFactor) {
        return classes[cls[i]].latencyMs() * speed[i] * variantFactor / freqFactor(i, tempC);
    }

    /** Time a new local request would wait behind the device's queue. */
    double waitMs(int i, long t) {
        return Math.max(0, busyUntil[i] - t);
    }

    /**
     * Runs one local inference arriving at {@code t}: returns its service time, heats the device.
     */
    double runLocal(int i, long t, double tempC, double variantFactor, SplittableRandom rnd) {
        return runLocal(i, t, tempC, localServiceMs(i, tempC, variantFactor, rnd.nextGaussian()));
    }

    /** Service time of a local inference for a standard normal draw {@code z} (no side effect). */
    double localServiceMs(int i, double tempC, double variantFactor, double z) {
        Thermal th = thermal(i);
        double mean = meanLocalMs(i, tempC, variantFactor);
        double hot = Math.max(0, Math.min(1, (tempC - 25.0) / 35.0));
        double sd =
                (th.sdCoolMs() + hot * (th.sdHotMs() - th.sdCoolMs()))
                        * mean
                        / classes[cls[i]].latencyMs();
        return Math.max(0.5 * mean, mean + sd * z);
    }

    /** Runs a local inference of a known service time arriving at {@code t}; heats the device. */
    double runLocal(int i, long t, double tempC, double service) {
        Thermal th = thermal(i);
        busyUntil[i] = Math.max(busyUntil[i], t) + service;
        temperature[i] = tempC + th.heatCPerBusySecond() * service / 1000.0;
        busyMs[i] += service;
        return service;
    }

    /** Inference energy in mJ: dynamic power scales with the square of the clock. */
    double localEnergyMj(int i, double serviceMs, double freq) {
        DeviceClassSpec c = classes[cls[i]];
        return (c.activeMw() - c.idleMw()) * freq * freq * serviceMs / 1000.0;
    }

    /** Radio energy in mJ for an offloaded request. */
    double radioEnergyMj(int i, double radioMs) {
        return classes[cls[i]].radioMw() * radioMs / 1000.0;
    }

    /** Current bandwidth with fluctuation, divided by an active collapse. */
    double bandwidthKbps(int i, double divisor, SplittableRandom rnd) {
        return Math.max(1.0, bandwidth[i] / divisor * (1 + 0.1 * rnd.nextGaussian()));
    }

    /** The device's bandwidth mean now (before the per-request fluctuation), kbit/s. */
    double meanBandwidthKbps(int i, double divisor) {
        return Math.max(1.0, bandwidth[i] / divisor);
    }

    /** Periodic sample; resets the busy accounting. */
    NodeSample sample(
            int i, long t, long periodMs, double ambient, double bwDivisor, SplittableRandom rnd) {
        double temp = temperature(i, t, ambient);
        double freq = freqFactor(i, temp);
        double load = Math.min(1.0, 0.1 + busyMs[i] / periodMs);
        busyMs[i] = 0;
        DeviceClassSpec c = classes[cls[i]];
        double power = c.idleMw() + (c.activeMw() - c.idleMw()) * load * freq * freq;
        double fps = Math.max(5, Math.min(60, 60 * Math.min(1.0, freq + 0.2) * (1 - 0.25 * load)));
        int jank = (int) Math.round((60 - fps) * 0.6);
        return new NodeSample(
                c.maxFreqMhz() * freq,
                power,
                temp,
                bandwidthKbps(i, bwDivisor, rnd),
                4 * bwDivisor > 4 ? 16.0 : 4.0,
                fps,
                jank,
                (int) Math.round(waitMs(i, t) / c.latencyMs()),
                512 + 300 * load);
    }
}
