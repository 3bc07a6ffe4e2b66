package org.qoeflow.qoe;

import java.util.Optional;
import org.qoeflow.common.Checks;
import org.qoeflow.schema.Identifiers;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;

/**
 * Checks a decoded telemetry event for values no real node can report: identifier syntax and
 * plausible ranges, each bound with its reason in docs/reliability.md.
 */
public final class TelemetryValidator {
    /**
     * Node ids, regions, device classes, model variants and request ids end up in Kafka keys,
     * control scopes ({@code offload/<device_class>}, {@code routing/<region>}, where {@code /}
     * separates) and metric labels: letters, digits and {@code . _ : -}, starting with a letter or
     * digit, at most 128 characters. Model versions may also carry {@code +} (semver build
     * metadata).
     */
    public static final String IDENTIFIER = Identifiers.SYNTAX;

    public static final String VERSION = Identifiers.VERSION_SYNTAX;

    /** 2020-01-01T00:00Z: earlier is a device whose clock was never set (it reports 1970). */
    public static final long MIN_EVENT_TIME_MS = 1_577_836_800_000L;

    /** 2^53: control versions count decisions; beyond this one is forged (and overflows). */
    public static final long MAX_CONTROL_VERSION = 1L << 53;

    /** 10 minutes: every client, proxy and server in the path has timed out long before. */
    public static final double MAX_LATENCY_MS = 600_000;

    /** 10 GHz: the fastest shipping CPUs boost to about 6 GHz. */
    public static final double MAX_CPU_FREQ_MHZ = 10_000;

    /** 10 kW: a whole 8-GPU server draws about 10 kW; a phone about 5 W. */
    public static final double MAX_POWER_MW = 10_000_000;

    /** Silicon throttles near 100 °C and dies past 150 °C; outdoor devices reach -40 °C. */
    public static final double MIN_TEMPERATURE_C = -60;

    public static final double MAX_TEMPERATURE_C = 150;

    /** 400 Gbit/s: the fastest NIC a cloud node has. */
    public static final double MAX_BANDWIDTH_KBPS = 400_000_000;

    /** One minute of jitter is a dead link, not a measurement. */
    public static final double MAX_JITTER_MS = 60_000;

    /** Displays refresh at 540 Hz at most; samples are 1 s, so janky frames are bounded too. */
    public static final double MAX_FPS = 1_000;

    public static final int MAX_JANK_COUNT = 1_000;

    /** 100,000 queued requests: QoE saturates at 32, a real server rejects long before. */
    public static final int MAX_QUEUE_DEPTH = 100_000;

    /** 16 TiB: larger than any single machine's memory. */
    public static final double MAX_MEMORY_MB = 16_777_216;

    private TelemetryValidator() {}

    /** Empty when valid; otherwise a message naming the offending field and value. */
    public static Optional<String> problem(Telemetry t) {
        String bad =
                firstOf(
                        identifier("node_id", t.getNodeId(), false),
                        known("region", t.getRegion(), false),
                        known("device_class", t.getDeviceClass(), false),
                        known("model_variant", t.getModelVariant(), false),
                        known("model_version", t.getModelVersion(), true));
        if (bad != null) {
            return Optional.of(bad);
        }
        if (t.getTier() == null) {
            return Optional.of("tier is missing");
        }
        if (t.getEventTime() == null || t.getEventTime().toEpochMilli() < MIN_EVENT_TIME_MS) {
            return Optional.of(
                    "event_time must be >= 2020-01-01T00:00:00Z, got " + t.getEventTime());
        }
        if (t.getAppliedControlVersion() < 0
                || t.getAppliedControlVersion() > MAX_CONTROL_VERSION) {
            return Optional.of(
                    "applied_control_version must be in [0, 2^53], got "
                            + t.getAppliedControlVersion());
        }
        if (t.getPayload() instanceof RequestFact r) {
            return Optional.ofNullable(request(r));
        }
        if (t.getPayload() instanceof NodeSample s) {
            return Optional.ofNullable(sample(s));
        }
        return Optional.of("payload is missing");
    }

    private static String request(RequestFact r) {
        String bad =
                firstOf(
                        Checks.rangeProblem("e2e_ms", r.getE2eMs(), 0, MAX_LATENCY_MS),
                        Checks.rangeProblem("ttft_ms", r.getTtftMs(), 0, MAX_LATENCY_MS));
        if (bad != null) {
            return bad;
        }
        if (r.getTtftMs() > r.getE2eMs()) {
            return "ttft_ms " + r.getTtftMs() + " exceeds e2e_ms " + r.getE2eMs();
        }
        return r.getRequestId() == null ? null : identifier("request_id", r.getRequestId(), false);
    }

    private static String sample(NodeSample s) {
        return firstOf(
                Checks.rangeProblem("cpu_freq_mhz", s.getCpuFreqMhz(), 0, MAX_CPU_FREQ_MHZ),
                Checks.rangeProblem("power_mw", s.getPowerMw(), 0, MAX_POWER_MW),
                Checks.rangeProblem(
                        "temperature_c", s.getTemperatureC(), MIN_TEMPERATURE_C, MAX_TEMPERATURE_C),
                Checks.rangeProblem("bandwidth_kbps", s.getBandwidthKbps(), 0, MAX_BANDWIDTH_KBPS),
                Checks.rangeProblem("jitter_ms", s.getJitterMs(), 0, MAX_JITTER_MS),
                Checks.rangeProblem("fps", s.getFps(), 0, MAX_FPS),
                Checks.rangeProblem("jank_count", s.getJankCount(), 0, MAX_JANK_COUNT),
                Checks.rangeProblem("queue_depth", s.getQueueDepth(), 0, MAX_QUEUE_DEPTH),
                Checks.rangeProblem("memory_mb", s.getMemoryMb(), 0, MAX_MEMORY_MB));
    }

    /**
     * String instances last found valid, by the slot of their hash: the decoder hands out one
     * instance per distinct region, device class, model variant and version (its string cache), so
     * those four fields are checked once per value instead of once per event. By identity only, so
     * an entry can only ever answer for the very string that was checked; a racy write loses an
     * entry, never a check.
     */
    private static final String[] KNOWN_IDENTIFIERS = new String[256];

    private static final String[] KNOWN_VERSIONS = new String[256];

    /** {@link #identifier} for a field of few distinct values. */
    private static String known(String field, String v, boolean version) {
        if (v == null) {
            return identifier(field, v, version);
        }
        String[] known = version ? KNOWN_VERSIONS : KNOWN_IDENTIFIERS;
        int slot = v.hashCode() & (known.length - 1);
        if (known[slot] == v) {
            return null;
        }
        String bad = identifier(field, v, version);
        if (bad == null) {
            known[slot] = v;
        }
        return bad;
    }

    /** Null when {@code v} matches the identifier (or version) syntax; else what is wrong. */
    private static String identifier(String field, String v, boolean version) {
        if (v == null || v.isEmpty()) {
            return field + " is empty";
        }
        if (isIdentifier(v, version)) {
            return null;
        }
        return field
                + " must match "
                + (version ? VERSION : IDENTIFIER)
                + ", got \""
                + Bounded.text(v, 64)
                + "\" ("
                + v.length()
                + " chars)";
    }

    /** The {@link #IDENTIFIER} (or {@link #VERSION}) syntax: {@link Identifiers}. */
    public static boolean isIdentifier(String v, boolean version) {
        return version ? Identifiers.validVersion(v) : Identifiers.valid(v);
    }

    private static String firstOf(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }
}
