package org.qoeflow.qoe;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * One window's latency observations: the values as they came while there are at most {@link
 * #EXACT_MAX} of them, then a KLL sketch built by feeding it those values in order and every value
 * after. Quantiles are always the sketch's (a sketch built from the values on the spot while they
 * are still kept as values), so they do not depend on which form a window is in; what changes is
 * the cost: a few doubles instead of the sketch's arrays of {@link NodeWindowStats#SKETCH_K} items
 * (1.6 KB each) for the few requests a device sends in a window, on the heap, in state and on the
 * network.
 */
final class Latencies {
    /** Values kept as they are; past this a sketch takes over (the sketch is exact below k=200). */
    static final int EXACT_MAX = 64;

    private static final double[] NONE = new double[0];

    private double[] values = NONE;
    private int n;
    private KllDoublesSketch sketch;

    Latencies() {}

    private Latencies(KllDoublesSketch sketch) {
        this.sketch = sketch;
    }

    void update(double v) {
        if (sketch == null) {
            if (n < EXACT_MAX) {
                if (n == values.length) {
                    values = Arrays.copyOf(values, Math.min(EXACT_MAX, Math.max(4, 2 * n)));
                }
                values[n++] = v;
                return;
            }
            sketch = build();
            values = NONE;
            n = 0;
        }
        sketch.update(v);
    }

    /** Adds {@code o}'s observations, its kept values in their order as if updated one by one. */
    void merge(Latencies o) {
        if (o.sketch == null) {
            for (int i = 0; i < o.n; i++) {
                update(o.values[i]);
            }
            return;
        }
        sketch().merge(o.sketch);
    }

    boolean isEmpty() {
        return sketch == null ? n == 0 : sketch.isEmpty();
    }

    /** The sketch of these observations, from now on kept as one (for bulk updates). */
    KllDoublesSketch sketch() {
        if (sketch == null) {
            sketch = build();
            values = NONE;
            n = 0;
        }
        return sketch;
    }

    /**
     * A sketch of these observations to query, built for the call while they are kept as values.
     */
    KllDoublesSketch view() {
        return sketch != null ? sketch : build();
    }

    private KllDoublesSketch build() {
        KllDoublesSketch s = KllDoublesSketch.newHeapInstance(NodeWindowStats.SKETCH_K);
        for (int i = 0; i < n; i++) {
            s.update(values[i]);
        }
        return s;
    }

    /**
     * The compact form of {@link NodeWindowStats#writeCompact}: kept values as {@code -(count + 1)}
     * and the doubles, a sketch as its byte length and {@link KllDoublesSketch#toByteArray} (the
     * only form written before values were kept, whose lengths are never negative).
     */
    void writeCompact(org.apache.avro.io.Encoder out) throws java.io.IOException {
        if (sketch == null) {
            out.writeInt(-(n + 1));
            for (int i = 0; i < n; i++) {
                out.writeDouble(values[i]);
            }
        } else {
            out.writeBytes(sketch.toByteArray());
        }
    }

    /**
     * Inverse of {@link #writeCompact}; with {@code view} a sketch is a read-only view of its bytes
     * (for observations that are only merged into others).
     */
    static Latencies readCompact(org.apache.avro.io.Decoder in, boolean view)
            throws java.io.IOException {
        int len = in.readInt();
        if (len < 0) {
            int count = -(len + 1);
            if (count > EXACT_MAX) {
                throw new java.io.IOException(
                        "latency values: " + count + " kept, allowed 0.." + EXACT_MAX);
            }
            Latencies l = new Latencies();
            l.values = count == 0 ? NONE : new double[count];
            for (int i = 0; i < count; i++) {
                l.values[i] = in.readDouble();
            }
            l.n = count;
            return l;
        }
        if (len > NodeWindowStats.MAX_SKETCH_BYTES) {
            throw new java.io.IOException(
                    "latency sketch of "
                            + len
                            + " bytes, allowed 0.."
                            + NodeWindowStats.MAX_SKETCH_BYTES);
        }
        byte[] b = new byte[len];
        in.readFixed(b);
        return of(b, view);
    }

    /** A sketch's bytes ({@link KllDoublesSketch#toByteArray}) as observations. */
    static Latencies of(byte[] sketchBytes, boolean view) {
        Memory m = Memory.wrap(sketchBytes);
        return new Latencies(view ? KllDoublesSketch.wrap(m) : KllDoublesSketch.heapify(m));
    }
}
