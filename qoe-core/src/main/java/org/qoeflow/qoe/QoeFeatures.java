package org.qoeflow.qoe;

import java.util.List;
import org.qoeflow.schema.QoeScore;

/**
 * The anomaly model's per-step feature vector, taken from a node's QoE window. Latencies, bandwidth
 * and power are log-scaled (their spread grows with their level); a value missing from a window (no
 * request, no sample) is carried forward from the node's previous vector.
 */
public final class QoeFeatures {
    public static final List<String> NAMES =
            List.of(
                    "log_latency_p50",
                    "log_latency_p95",
                    "log_latency_p99",
                    "success_rate",
                    "fps",
                    "jank_rate",
                    "log_bandwidth",
                    "jitter_ms",
                    "temperature_c",
                    "log_power",
                    "cpu_freq_mhz",
                    "queue_depth");

    private QoeFeatures() {}

    public static int dimension() {
        return NAMES.size();
    }

    /**
     * Features of one window; {@code previous} (may be null) fills values the window lacks, and
     * zeros fill what neither has.
     */
    public static double[] extract(QoeScore s, double[] previous) {
        double[] x = new double[NAMES.size()];
        set(x, 0, log(s.getLatencyP50Ms()), previous);
        set(x, 1, log(s.getLatencyP95Ms()), previous);
        set(x, 2, log(s.getLatencyP99Ms()), previous);
        set(x, 3, s.getRequestCount() > 0 ? s.getSuccessRate() : null, previous);
        set(x, 4, s.getMeanFps(), previous);
        set(x, 5, s.getJankRate(), previous);
        set(x, 6, log(s.getBandwidthKbps()), previous);
        set(x, 7, s.getJitterMs(), previous);
        set(x, 8, s.getTemperatureC(), previous);
        set(x, 9, log(s.getPowerMw()), previous);
        set(x, 10, s.getCpuFreqMhz(), previous);
        set(x, 11, s.getQueueDepth(), previous);
        return x;
    }

    private static Double log(Double v) {
        return v == null ? null : Math.log1p(Math.max(0, v));
    }

    private static void set(double[] x, int i, Double v, double[] previous) {
        if (v != null && Double.isFinite(v)) {
            x[i] = v;
        } else {
            x[i] = previous != null && i < previous.length ? previous[i] : 0;
        }
    }
}
