package org.qoeflow.fleet;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.qoeflow.schema.Tier;

/** Hardware profiles of the simulated fleet, with field-measured latency and power figures. */
public enum DeviceClass {
    PHONE_HIGH("phone-high", Tier.EDGE, 150, 80, 3000, 450, 5200, 22_000, 6000),
    PHONE_MID("phone-mid", Tier.EDGE, 50, 220, 2200, 350, 3800, 15_000, 4000),
    EMBEDDED_LOW("embedded-low", Tier.EDGE, 10, 650, 1500, 250, 2500, 6_000, 1024),
    GPU_A100("gpu-a100", Tier.CLOUD, 312_000, 150, 1410, 60_000, 400_000, 10_000_000, 81_920);

    /** Latency stddev of a phone-high at 25 C and at 60 C (field measurements). */
    static final double PHONE_HIGH_SD_COOL_MS = 12.3;

    static final double PHONE_HIGH_SD_HOT_MS = 27.8;

    private final String label;
    private final Tier tier;
    private final double gflops;
    private final double baseLatencyMs;
    private final double maxFreqMhz;
    private final double idlePowerMw;
    private final double maxPowerMw;
    private final double bandwidthKbps;
    private final double memoryMb;

    DeviceClass(
            String label,
            Tier tier,
            double gflops,
            double baseLatencyMs,
            double maxFreqMhz,
            double idlePowerMw,
            double maxPowerMw,
            double bandwidthKbps,
            double memoryMb) {
        this.label = label;
        this.tier = tier;
        this.gflops = gflops;
        this.baseLatencyMs = baseLatencyMs;
        this.maxFreqMhz = maxFreqMhz;
        this.idlePowerMw = idlePowerMw;
        this.maxPowerMw = maxPowerMw;
        this.bandwidthKbps = bandwidthKbps;
        this.memoryMb = memoryMb;
    }

    /** The {@code device_class} string carried in telemetry and scopes. */
    public String label() {
        return label;
    }

    public Tier tier() {
        return tier;
    }

    public double gflops() {
        return gflops;
    }

    /** Inference latency at full clock (edge: on-device; cloud: compute only, no queueing). */
    public double baseLatencyMs() {
        return baseLatencyMs;
    }

    public double maxFreqMhz() {
        return maxFreqMhz;
    }

    public double idlePowerMw() {
        return idlePowerMw;
    }

    public double maxPowerMw() {
        return maxPowerMw;
    }

    /** Typical access bandwidth of the class. */
    public double bandwidthKbps() {
        return bandwidthKbps;
    }

    public double memoryMb() {
        return memoryMb;
    }

    /** Latency stddev at the reference temperature, scaled from phone-high by base latency. */
    double latencySdMs(double temperatureC) {
        double hotness = Math.max(0, (temperatureC - 25.0) / 35.0);
        double sd =
                PHONE_HIGH_SD_COOL_MS + hotness * (PHONE_HIGH_SD_HOT_MS - PHONE_HIGH_SD_COOL_MS);
        return sd * baseLatencyMs / PHONE_HIGH.baseLatencyMs;
    }

    /** The edge classes, in declaration order. */
    public static List<DeviceClass> edgeClasses() {
        return Arrays.stream(values()).filter(c -> c.tier == Tier.EDGE).toList();
    }

    /** The edge class with this label. */
    public static DeviceClass edgeClass(String label) {
        for (DeviceClass c : values()) {
            if (c.tier == Tier.EDGE && c.label.equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "unknown edge device class '"
                        + label
                        + "'; known: "
                        + edgeClasses().stream()
                                .map(DeviceClass::label)
                                .collect(Collectors.joining(", ")));
    }
}
