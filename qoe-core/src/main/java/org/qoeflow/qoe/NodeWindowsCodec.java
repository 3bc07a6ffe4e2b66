package org.qoeflow.qoe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Lossless compact form of a node's open windows for state backends: the window count, then per
 * window its start (the first absolute, the others as the step from the previous), its firing state
 * and its statistics ({@link NodeWindowStats#writeCompact}), whose identity strings are written
 * once per node unless a window's differ. Integers are Avro's zigzag varints; the reader reads
 * exactly what was written, so the stream may carry more after it.
 *
 * <p>The firing state is the window's revision (-1: not fired), except for a window that has had
 * {@code p} partial scores and no full score yet: {@code -1 - p} (its revision is then {@code p -
 * 1}). State written before partial scores existed holds no value below -1 and reads unchanged; a
 * version without partial scores refuses state holding one, naming the revision.
 */
public final class NodeWindowsCodec {
    /** Far more than allowed lateness over window size can open at once; guards corrupt state. */
    public static final int MAX_WINDOWS = 4096;

    private NodeWindowsCodec() {}

    public static void write(NodeWindows w, OutputStream stream) throws IOException {
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(stream, null);
        out.writeInt(w.size());
        NodeWindowStats previous = null;
        long previousStart = 0;
        for (int i = 0; i < w.size(); i++) {
            out.writeLong(w.start(i) - previousStart);
            out.writeInt(firingState(w, i));
            w.stats(i).writeCompact(out, previous, w.start(i));
            previous = w.stats(i);
            previousStart = w.start(i);
        }
        out.flush();
    }

    private static int firingState(NodeWindows w, int i) {
        return w.closed(i) || w.partials(i) == 0 ? w.revision(i) : -1 - w.partials(i);
    }

    /**
     * One window's statistics in the compact form of {@link #write}, with {@code start} as the base
     * of its times (for a combined partial on the network: {@link WindowCombiner}).
     */
    public static void writeStats(NodeWindowStats s, long start, OutputStream stream)
            throws IOException {
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(stream, null);
        s.writeCompact(out, null, start);
        out.flush();
    }

    /**
     * Inverse of {@link #writeStats}, with the same {@code start}: statistics to merge into a
     * window's, not to add events to (their latency sketches are read-only views of the bytes).
     */
    public static NodeWindowStats readStats(InputStream stream, long start) throws IOException {
        BinaryDecoder in = DecoderFactory.get().directBinaryDecoder(stream, null);
        try {
            return NodeWindowStats.readCompact(in, null, start, true);
        } catch (AvroRuntimeException | IllegalArgumentException e) {
            throw new IOException("corrupt window statistics: " + e.getMessage(), e);
        }
    }

    /** Inverse of {@link #write}; corrupt input is an {@link IOException} naming what was wrong. */
    public static NodeWindows read(InputStream stream) throws IOException {
        BinaryDecoder in = DecoderFactory.get().directBinaryDecoder(stream, null);
        try {
            int n = in.readInt();
            if (n < 0 || n > MAX_WINDOWS) {
                throw new IOException(
                        "node window state holds " + n + " windows, allowed 0.." + MAX_WINDOWS);
            }
            NodeWindows w = new NodeWindows();
            NodeWindowStats previous = null;
            long start = 0;
            for (int i = 0; i < n; i++) {
                start += in.readLong();
                int state = in.readInt();
                NodeWindowStats s = NodeWindowStats.readCompact(in, previous, start);
                try {
                    if (state < NodeWindows.NOT_FIRED) {
                        int partials = -1 - state;
                        w.restore(start, partials - 1, partials, s);
                    } else {
                        w.restore(start, state, s);
                    }
                } catch (IllegalArgumentException e) {
                    throw new IOException("node window state: " + e.getMessage(), e);
                }
                previous = s;
            }
            return w;
        } catch (AvroRuntimeException | IllegalArgumentException e) {
            throw new IOException("corrupt node window state: " + e.getMessage(), e);
        }
    }
}
