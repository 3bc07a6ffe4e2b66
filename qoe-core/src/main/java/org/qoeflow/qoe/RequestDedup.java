package org.qoeflow.qoe;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.apache.datasketches.hash.MurmurHash3;

/**
 * The request ids one node has sent in one window, as 64-bit hashes, at most {@link #CAPACITY} of
 * them (8 bytes each): a resent record carries its event time, so it lands in the same window and
 * is recognised there. Past the capacity new ids are counted without being remembered.
 */
public final class RequestDedup {
    /** 256 ids x 8 bytes = 2 KB per node-window at most, inside the 4 KB per node budget. */
    public static final int CAPACITY = 256;

    private static final long SEED = 0x51_0E_F1_0AL;

    private long[] hashes = new long[0];
    private int size;
    private long overflow;

    /** True the first time {@code requestId} is seen (or once the set is full), false after. */
    public boolean firstSeen(String requestId) {
        long h = hash(requestId);
        for (int i = 0; i < size; i++) {
            if (hashes[i] == h) {
                return false;
            }
        }
        if (size == CAPACITY) {
            overflow++;
            return true;
        }
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, Math.min(CAPACITY, Math.max(8, size * 2)));
        }
        hashes[size++] = h;
        return true;
    }

    /** Ids counted without being remembered because the set was full. */
    public long overflow() {
        return overflow;
    }

    public int size() {
        return size;
    }

    /** Adds the other window's ids (tumbling windows never merge; session windows would). */
    public void merge(RequestDedup o) {
        for (int i = 0; i < o.size; i++) {
            if (!contains(o.hashes[i]) && size < CAPACITY) {
                if (size == hashes.length) {
                    hashes = Arrays.copyOf(hashes, Math.min(CAPACITY, Math.max(8, size * 2)));
                }
                hashes[size++] = o.hashes[i];
            }
        }
        overflow += o.overflow;
    }

    private boolean contains(long h) {
        for (int i = 0; i < size; i++) {
            if (hashes[i] == h) {
                return true;
            }
        }
        return false;
    }

    static long hash(String id) {
        return MurmurHash3.hash(id.getBytes(StandardCharsets.UTF_8), SEED)[0];
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(hashes[i]);
        }
        out.writeLong(overflow);
    }

    static RequestDedup read(DataInput in) throws IOException {
        RequestDedup d = new RequestDedup();
        int n = in.readInt();
        if (n < 0 || n > CAPACITY) {
            throw new IOException("request dedup size " + n + " out of [0, " + CAPACITY + "]");
        }
        d.hashes = new long[n];
        for (int i = 0; i < n; i++) {
            d.hashes[i] = in.readLong();
        }
        d.size = n;
        d.overflow = in.readLong();
        return d;
    }

    /**
     * Compact form: a varint count, the hashes in 8 bytes each (they are uniform), the overflow.
     */
    void writeCompact(Encoder out) throws IOException {
        out.writeInt(size);
        byte[] b = new byte[8 * size];
        for (int i = 0; i < size; i++) {
            long h = hashes[i];
            for (int j = 0; j < 8; j++) {
                b[8 * i + j] = (byte) (h >>> (56 - 8 * j));
            }
        }
        out.writeFixed(b);
        out.writeLong(overflow);
    }

    static RequestDedup readCompact(Decoder in) throws IOException {
        RequestDedup d = new RequestDedup();
        int n = in.readInt();
        if (n < 0 || n > CAPACITY) {
            throw new IOException("request dedup size " + n + " out of [0, " + CAPACITY + "]");
        }
        byte[] b = new byte[8 * n];
        in.readFixed(b);
        d.hashes = new long[n];
        for (int i = 0; i < n; i++) {
            long h = 0;
            for (int j = 0; j < 8; j++) {
                h = (h << 8) | (b[8 * i + j] & 0xFF);
            }
            d.hashes[i] = h;
        }
        d.size = n;
        d.overflow = in.readLong();
        return d;
    }
}
