package org.qoeflow.controller.service;

import org.apache.avro.SchemaNormalization;
import org.qoeflow.schema.AnomalyScore;

/**
 * Tells an anomaly score that raises no alert from its bytes, without decoding it: such a score
 * cannot change the fleet view (only alerts are kept), and at a million nodes decoding one per node
 * and window was half of the controller's decode work. Reads the single-object header and the
 * fields before {@code alert} of the current writer schema, bounded by the record's own length;
 * anything else (another writer schema, a truncated or odd body, an alert) is left to the full
 * decode and its validation. A quiet score is dropped unread, as the view would drop it, so it is
 * not validated and not counted among the refused scores either.
 */
final class QuietAnomalies {
    private static final long FINGERPRINT =
            SchemaNormalization.parsingFingerprint64(AnomalyScore.getClassSchema());
    private static final int HEADER = 10;

    private final byte[] buf;
    private int pos;

    private QuietAnomalies(byte[] buf) {
        this.buf = buf;
        this.pos = HEADER;
    }

    /** True only if {@code value} is a current-schema anomaly score whose alert is false. */
    static boolean quiet(byte[] value) {
        if (value == null
                || value.length < HEADER
                || value[0] != (byte) 0xC3
                || value[1] != (byte) 0x01
                || fingerprint(value) != FINGERPRINT) {
            return false;
        }
        QuietAnomalies r = new QuietAnomalies(value);
        // node_id, tier, region, device_class, window_start, window_end, raw_score, likelihood,
        // threshold, then alert: the field order of AnomalyScore.avsc.
        return r.string()
                && r.varint() >= 0
                && r.string()
                && r.string()
                && r.varint() != Long.MIN_VALUE
                && r.varint() != Long.MIN_VALUE
                && r.skip(3 * 8)
                && r.pos < value.length
                && value[r.pos] == 0;
    }

    private static long fingerprint(byte[] b) {
        long f = 0;
        for (int i = 9; i >= 2; i--) {
            f = (f << 8) | (b[i] & 0xffL);
        }
        return f;
    }

    /** A zig-zag varint, or {@link Long#MIN_VALUE} if it runs past the end or past 10 bytes. */
    private long varint() {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= buf.length) {
                return Long.MIN_VALUE;
            }
            byte b = buf[pos++];
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        return Long.MIN_VALUE;
    }

    private boolean string() {
        long len = varint();
        return len >= 0 && skip(len);
    }

    private boolean skip(long n) {
        if (n > buf.length - pos) {
            return false;
        }
        pos += (int) n;
        return true;
    }
}
