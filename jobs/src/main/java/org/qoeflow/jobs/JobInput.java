package org.qoeflow.jobs;

import java.util.Locale;

/** Which topics the QoE job scores: our own telemetry, OTLP metrics from the Collector, or both. */
public enum JobInput {
    TELEMETRY,
    OTLP,
    BOTH;

    public boolean readsTelemetry() {
        return this != OTLP;
    }

    public boolean readsOtlp() {
        return this != TELEMETRY;
    }

    /** {@code telemetry}, {@code otlp} or {@code both}, any case. */
    public static JobInput parse(String v) {
        try {
            return valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "--input must be telemetry, otlp or both, not '" + v + "'");
        }
    }
}
