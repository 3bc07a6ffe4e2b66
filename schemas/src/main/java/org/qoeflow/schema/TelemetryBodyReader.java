package org.qoeflow.schema;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads the body of a {@link Telemetry} written with today's schema straight from its bytes: the
 * fast path of {@link AvroCodec#decode} for the one record type the job reads at its source, a few
 * hundred thousand times a second.
 *
 * <p>Hand-written rather than Avro's reader because that reader, with the {@link BodyBounds} walk
 * in front of it, was half the job's source thread (docs/performance.md, "The profile after");
 * {@code TelemetryCodecBenchmark.decode} against {@code decodeAvroOnly} measures the two in one
 * process. It reads one layout only, and only what is clean: every length within the bytes left,
 * booleans 0 or 1, enum and union indexes in range, varints no longer than Avro writes them, no
 * trailing byte. Anything else returns {@code null} and the codec takes Avro's path (the bounds
 * walk, then Avro), which names the problem, so errors and every record of an older writer schema
 * read exactly as before. On what it reads it builds what Avro builds, field for field (strings as
 * Avro's {@code new String(bytes, UTF_8)}, event time as {@code Instant.ofEpochMilli}), checked by
 * {@code TelemetryBodyReaderTest} against Avro on generated and mutated records.
 *
 * <p>The four low-cardinality strings (region, device class, model variant and version) come from a
 * small cache of the strings last read at their hash, so a fleet's few hundred distinct values are
 * not decoded and allocated again for every event. Thread-safe: a cache slot holds an immutable
 * entry, and a lost race only costs a decode.
 */
final class TelemetryBodyReader implements AvroCodec.BodyReader<Telemetry> {
    static final TelemetryBodyReader INSTANCE = new TelemetryBodyReader();

    /** Longer strings are not cached (identifiers are at most 128 characters, most far shorter). */
    private static final int MAX_CACHED_BYTES = 64;

    private static final int SLOTS = 1024;

    private static final Tier[] TIERS = Tier.values();

    private final Cached[] cache = new Cached[SLOTS];

    private record Cached(byte[] utf8, String value) {}

    private TelemetryBodyReader() {}

    /** Cursor over one body; a fresh one per call, so the reader itself holds no per-call state. */
    private static final class Cursor {
        final byte[] buf;
        int pos;

        Cursor(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }
    }

    /** Thrown inside a read to give up on the fast path; carries no stack. */
    private static final class NotClean extends Exception {
        static final NotClean INSTANCE = new NotClean();

        private NotClean() {
            super(null, null, false, false);
        }
    }

    @Override
    public Telemetry read(byte[] buf, int start) {
        Cursor c = new Cursor(buf, start);
        try {
            String nodeId = string(c, false);
            int tier = index(c, TIERS.length);
            String region = string(c, true);
            String deviceClass = string(c, true);
            String modelVariant = string(c, true);
            String modelVersion = string(c, true);
            long eventTime = varlong(c);
            long appliedVersion = varlong(c);
            Object payload =
                    switch (index(c, 2)) {
                        case 0 -> request(c);
                        default -> sample(c);
                    };
            if (c.pos != buf.length) {
                return null;
            }
            return new Telemetry(
                    nodeId,
                    TIERS[tier],
                    region,
                    deviceClass,
                    modelVariant,
                    modelVersion,
                    Instant.ofEpochMilli(eventTime),
                    appliedVersion,
                    payload);
        } catch (NotClean e) {
            return null;
        }
    }

    private RequestFact request(Cursor c) throws NotClean {
        double ttft = float64(c);
        double e2e = float64(c);
        boolean success = bool(c);
        boolean offloaded = bool(c);
        String requestId = index(c, 2) == 0 ? null : string(c, false);
        return new RequestFact(ttft, e2e, success, offloaded, requestId);
    }

    private static NodeSample sample(Cursor c) throws NotClean {
        return new NodeSample(
                float64(c),
                float64(c),
                float64(c),
                float64(c),
                float64(c),
                float64(c),
                varint(c),
                varint(c),
                float64(c));
    }

    private String string(Cursor c, boolean cached) throws NotClean {
        long n = varlong(c);
        if (n < 0 || n > c.buf.length - c.pos) {
            throw NotClean.INSTANCE;
        }
        int len = (int) n;
        int off = c.pos;
        c.pos += len;
        if (len == 0) {
            return "";
        }
        if (!cached || len > MAX_CACHED_BYTES) {
            return new String(c.buf, off, len, StandardCharsets.UTF_8);
        }
        int h = 1;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + c.buf[i];
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        Cached e = cache[slot];
        if (e != null && Arrays.equals(e.utf8, 0, e.utf8.length, c.buf, off, off + len)) {
            return e.value;
        }
        String s = new String(c.buf, off, len, StandardCharsets.UTF_8);
        cache[slot] = new Cached(Arrays.copyOfRange(c.buf, off, off + len), s);
        return s;
    }

    /** A union branch or enum symbol: an int in {@code [0, n)}. */
    private static int index(Cursor c, int n) throws NotClean {
        int i = varint(c);
        if (i < 0 || i >= n) {
            throw NotClean.INSTANCE;
        }
        return i;
    }

    private static boolean bool(Cursor c) throws NotClean {
        if (c.pos >= c.buf.length) {
            throw NotClean.INSTANCE;
        }
        int b = c.buf[c.pos++];
        if (b != 0 && b != 1) {
            throw NotClean.INSTANCE;
        }
        return b == 1;
    }

    private static double float64(Cursor c) throws NotClean {
        if (c.buf.length - c.pos < 8) {
            throw NotClean.INSTANCE;
        }
        byte[] b = c.buf;
        int p = c.pos;
        long bits =
                (b[p] & 0xffL)
                        | (b[p + 1] & 0xffL) << 8
                        | (b[p + 2] & 0xffL) << 16
                        | (b[p + 3] & 0xffL) << 24
                        | (b[p + 4] & 0xffL) << 32
                        | (b[p + 5] & 0xffL) << 40
                        | (b[p + 6] & 0xffL) << 48
                        | (b[p + 7] & 0xffL) << 56;
        c.pos = p + 8;
        return Double.longBitsToDouble(bits);
    }

    /** Zig-zag varint of at most 5 bytes whose value fits 32 bits, as Avro writes an int. */
    private static int varint(Cursor c) throws NotClean {
        long raw = raw(c, 5);
        if (raw > 0xFFFF_FFFFL) {
            throw NotClean.INSTANCE;
        }
        int n = (int) raw;
        return (n >>> 1) ^ -(n & 1);
    }

    /** Zig-zag varint of at most 10 bytes whose value fits 64 bits, as Avro writes a long. */
    private static long varlong(Cursor c) throws NotClean {
        long n = raw(c, 10);
        return (n >>> 1) ^ -(n & 1);
    }

    private static long raw(Cursor c, int maxBytes) throws NotClean {
        long n = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (c.pos >= c.buf.length) {
                throw NotClean.INSTANCE;
            }
            int b = c.buf[c.pos++] & 0xff;
            if (i == 9 && b > 1) {
                throw NotClean.INSTANCE; // a tenth byte holds bit 63 only
            }
            n |= (long) (b & 0x7f) << (7 * i);
            if (b < 0x80) {
                return n;
            }
        }
        throw NotClean.INSTANCE;
    }
}
