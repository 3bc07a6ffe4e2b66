package org.qoeflow.jobs;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.DataInputViewStream;
import org.apache.flink.api.java.typeutils.runtime.DataOutputViewStream;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.qoeflow.qoe.NodeWindowStats;
import org.qoeflow.qoe.NodeWindows;
import org.qoeflow.qoe.NodeWindowsCodec;

/**
 * Flink serializer of a node's open windows: a format byte, then {@link NodeWindowsCodec}'s compact
 * form (format 3: a window's few latencies as values, format 2: always as sketches; one codec reads
 * both, format 2 never holding the negative length that marks values). State written in format 1
 * (per window its start, revision and {@link NodeWindowStats#toBytes}, behind a 4-byte window count
 * whose first byte is always 0) still restores: the format is told in-band, so the serializer
 * snapshot and savepoints stay compatible.
 */
public final class NodeWindowsSerializer extends MutableRecordSerializer<NodeWindows> {
    public static final NodeWindowsSerializer INSTANCE = new NodeWindowsSerializer();

    /** Far more than allowed lateness over window size can open at once; guards corrupt state. */
    static final int MAX_WINDOWS = NodeWindowsCodec.MAX_WINDOWS;

    /** First byte of format 2; format 1 starts with the high byte of a count below 4096, i.e. 0. */
    static final int FORMAT_2 = 2;

    /** Format 2 where a window's latencies may be kept as values (written since). */
    static final int FORMAT_3 = 3;

    static final int MAX_STATS_BYTES = 1 << 20;

    @Override
    public NodeWindows createInstance() {
        return new NodeWindows();
    }

    @Override
    public NodeWindows copy(NodeWindows from) {
        return from.copy();
    }

    @Override
    public void serialize(NodeWindows w, DataOutputView out) throws IOException {
        out.writeByte(FORMAT_3);
        NodeWindowsCodec.write(w, new DataOutputViewStream(out));
    }

    /** Format 1, kept to write the state a previous version left behind in tests. */
    static void serializeFormat1(NodeWindows w, DataOutputView out) throws IOException {
        out.writeInt(w.size());
        for (int i = 0; i < w.size(); i++) {
            out.writeLong(w.start(i));
            out.writeInt(w.revision(i));
            byte[] b = w.stats(i).toBytes();
            out.writeInt(b.length);
            out.write(b);
        }
    }

    @Override
    public NodeWindows deserialize(DataInputView in) throws IOException {
        int format = in.readUnsignedByte();
        if (format == FORMAT_2 || format == FORMAT_3) {
            return NodeWindowsCodec.read(new DataInputViewStream(in));
        }
        if (format != 0) {
            throw new IOException(
                    "node window state format byte " + format + ", known 0 (format 1), 2 and 3");
        }
        return deserializeFormat1(in);
    }

    private static NodeWindows deserializeFormat1(DataInputView in) throws IOException {
        int n = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
        if (n > MAX_WINDOWS) {
            throw new IOException(
                    "node window state holds " + n + " windows, allowed 0.." + MAX_WINDOWS);
        }
        NodeWindows w = new NodeWindows();
        for (int i = 0; i < n; i++) {
            long start = in.readLong();
            int revision = in.readInt();
            int len = in.readInt();
            if (len < 0 || len > MAX_STATS_BYTES) {
                throw new IOException(
                        "window statistics of " + len + " bytes, allowed 0.." + MAX_STATS_BYTES);
            }
            byte[] b = new byte[len];
            in.readFully(b);
            w.restore(start, revision, NodeWindowStats.fromBytes(b));
        }
        return w;
    }

    @Override
    public TypeSerializerSnapshot<NodeWindows> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1 of this serializer's snapshot (the state format is told in-band); no settings. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<NodeWindows> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
