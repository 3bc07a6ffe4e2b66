package org.qoeflow.jobs;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.qoeflow.qoe.NodeWindowStats;
import org.qoeflow.qoe.NodeWindows;

/**
 * Flink serializer of a node's open windows: per window its start, revision and the statistics' own
 * compact form ({@link NodeWindowStats#toBytes}).
 */
public final class NodeWindowsSerializer extends TypeSerializerSingleton<NodeWindows> {
    public static final NodeWindowsSerializer INSTANCE = new NodeWindowsSerializer();

    /** Far more than allowed lateness over window size can open at once; guards corrupt state. */
    static final int MAX_WINDOWS = 4096;

    static final int MAX_STATS_BYTES = 1 << 20;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public NodeWindows createInstance() {
        return new NodeWindows();
    }

    @Override
    public NodeWindows copy(NodeWindows from) {
        return from.copy();
    }

    @Override
    public NodeWindows copy(NodeWindows from, NodeWindows reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(NodeWindows w, DataOutputView out) throws IOException {
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
        int n = in.readInt();
        if (n < 0 || n > MAX_WINDOWS) {
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
    public NodeWindows deserialize(NodeWindows reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<NodeWindows> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format version 1 of this serializer; nothing to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<NodeWindows> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
