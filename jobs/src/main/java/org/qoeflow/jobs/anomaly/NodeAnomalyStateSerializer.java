package org.qoeflow.jobs.anomaly;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.qoeflow.anomaly.step.NodeAnomalyState;
import org.qoeflow.jobs.MutableRecordSerializer;

/**
 * Flink serializer of a node's anomaly state. A live detector is written through the detector's own
 * snapshot codec and read back as those bytes (the step restores them into a detector on the next
 * window), so detector changes behind that codec need nothing here.
 *
 * <p>{@link #copy(NodeAnomalyState)}, which the heap backend calls when the task touches an entry
 * an asynchronous checkpoint still holds, moves the live detector to the copy and leaves the
 * original with its bytes: the checkpoint then writes a state no one mutates any more, and the task
 * keeps its detector without a restore. Both sides see the same logical state; the moment of the
 * move is guarded by the original's monitor, which {@link #serialize} also takes.
 */
public final class NodeAnomalyStateSerializer extends MutableRecordSerializer<NodeAnomalyState> {
    public static final NodeAnomalyStateSerializer INSTANCE = new NodeAnomalyStateSerializer();

    /** Bounds on what a corrupt state could make us allocate. */
    static final int MAX_DETECTOR_BYTES = 1 << 22;

    static final int MAX_FEATURES = 1024;

    @Override
    public NodeAnomalyState createInstance() {
        return new NodeAnomalyState();
    }

    @Override
    public NodeAnomalyState copy(NodeAnomalyState from) {
        NodeAnomalyState c = new NodeAnomalyState();
        c.modelVersion = from.modelVersion;
        c.lastFeatures = from.lastFeatures == null ? null : from.lastFeatures.clone();
        c.alert = from.alert;
        c.group = from.group;
        c.cleanupTimer = from.cleanupTimer;
        c.lastWindowEnd = from.lastWindowEnd;
        synchronized (from) {
            if (from.live != null) {
                from.detector = from.live.snapshot();
                c.live = from.live;
                from.live = null;
            } else {
                c.detector = from.detector == null ? null : from.detector.clone();
            }
        }
        return c;
    }

    @Override
    public void serialize(NodeAnomalyState s, DataOutputView out) throws IOException {
        byte[] detector;
        synchronized (s) {
            detector = s.detectorBytes();
        }
        writeString(s.modelVersion, out);
        writeBytes(detector, out);
        if (s.lastFeatures == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(s.lastFeatures.length);
            for (double v : s.lastFeatures) {
                out.writeDouble(v);
            }
        }
        out.writeBoolean(s.alert);
        writeString(s.group, out);
        out.writeLong(s.cleanupTimer);
        out.writeLong(s.lastWindowEnd);
    }

    @Override
    public NodeAnomalyState deserialize(DataInputView in) throws IOException {
        NodeAnomalyState s = new NodeAnomalyState();
        s.modelVersion = readString(in);
        int n = in.readInt();
        if (n >= 0) {
            check("detector state bytes", n, MAX_DETECTOR_BYTES);
            s.detector = new byte[n];
            in.readFully(s.detector);
        }
        int f = in.readInt();
        if (f >= 0) {
            check("features", f, MAX_FEATURES);
            s.lastFeatures = new double[f];
            for (int i = 0; i < f; i++) {
                s.lastFeatures[i] = in.readDouble();
            }
        }
        s.alert = in.readBoolean();
        s.group = readString(in);
        s.cleanupTimer = in.readLong();
        s.lastWindowEnd = in.readLong();
        return s;
    }

    private static void check(String what, int n, int max) throws IOException {
        if (n > max) {
            throw new IOException("node anomaly state holds " + n + " " + what + ", max " + max);
        }
    }

    private static void writeString(String v, DataOutputView out) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            out.writeUTF(v);
        }
    }

    private static String readString(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeBytes(byte[] b, DataOutputView out) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    @Override
    public TypeSerializerSnapshot<NodeAnomalyState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format version 1 of this serializer; nothing to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<NodeAnomalyState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
