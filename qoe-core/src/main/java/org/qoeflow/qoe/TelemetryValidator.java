package org.qoeflow.qoe;

import java.util.Optional;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;

/** Checks a decoded telemetry event for values no real node can report. */
public final class TelemetryValidator {
    private TelemetryValidator() {}

    /** Empty when valid; otherwise a message naming the offending field and value. */
    public static Optional<String> problem(Telemetry t) {
        if (blank(t.getNodeId())) {
            return Optional.of("node_id is empty");
        }
        if (blank(t.getRegion())) {
            return Optional.of("region is empty for node " + t.getNodeId());
        }
        if (blank(t.getDeviceClass())) {
            return Optional.of("device_class is empty for node " + t.getNodeId());
        }
        if (t.getEventTime() == null || t.getEventTime().toEpochMilli() <= 0) {
            return Optional.of("event_time must be > 0, got " + t.getEventTime());
        }
        if (t.getAppliedControlVersion() < 0) {
            return Optional.of(
                    "applied_control_version must be >= 0, got " + t.getAppliedControlVersion());
        }
        if (t.getPayload() instanceof RequestFact r) {
            return request(r);
        }
        if (t.getPayload() instanceof NodeSample s) {
            return sample(s);
        }
        return Optional.of("payload is missing");
    }

    private static Optional<String> request(RequestFact r) {
        if (!nonNegative(r.getE2eMs())) {
            return Optional.of("e2e_ms must be finite and >= 0, got " + r.getE2eMs());
        }
        if (!nonNegative(r.getTtftMs())) {
            return Optional.of("ttft_ms must be finite and >= 0, got " + r.getTtftMs());
        }
        if (r.getTtftMs() > r.getE2eMs()) {
            return Optional.of("ttft_ms " + r.getTtftMs() + " exceeds e2e_ms " + r.getE2eMs());
        }
        return Optional.empty();
    }

    private static Optional<String> sample(NodeSample s) {
        String[] names = {
            "cpu_freq_mhz", "power_mw", "bandwidth_kbps", "jitter_ms", "fps", "memory_mb"
        };
        double[] values = {
            s.getCpuFreqMhz(),
            s.getPowerMw(),
            s.getBandwidthKbps(),
            s.getJitterMs(),
            s.getFps(),
            s.getMemoryMb()
        };
        for (int i = 0; i < names.length; i++) {
            if (!nonNegative(values[i])) {
                return Optional.of(names[i] + " must be finite and >= 0, got " + values[i]);
            }
        }
        if (!(s.getTemperatureC() > -100 && s.getTemperatureC() < 200)) {
            return Optional.of("temperature_c out of range (-100, 200): " + s.getTemperatureC());
        }
        if (s.getJankCount() < 0 || s.getQueueDepth() < 0) {
            return Optional.of("jank_count and queue_depth must be >= 0");
        }
        return Optional.empty();
    }

    private static boolean nonNegative(double v) {
        return v >= 0 && !Double.isInfinite(v);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
