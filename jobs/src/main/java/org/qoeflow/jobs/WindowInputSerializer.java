package org.qoeflow.jobs;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.DataInputViewStream;
import org.apache.flink.api.java.typeutils.runtime.DataOutputViewStream;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.qoeflow.qoe.NodeWindowStats;
import org.qoeflow.qoe.NodeWindowsCodec;
import org.qoeflow.qoe.WindowCombiner;

/**
 * Flink serializer of {@link WindowInput} on the shuffle to the window operator: a tag byte (0 an
 * event, 1 a partial, 2 a partial whose node moved on), then the event ({@link
 * TelemetrySerializer}) or the partial's node id, window start and statistics ({@link
 * NodeWindowsCodec#writeStats}, the compact form of the window state).
 */
public final class WindowInputSerializer extends MutableRecordSerializer<WindowInput> {
    public static final WindowInputSerializer INSTANCE = new WindowInputSerializer();

    private static final byte EVENT = 0;
    private static final byte PARTIAL = 1;

    /** A partial marked {@link WindowCombiner.Partial#nodeMovedOn}. */
    private static final byte PARTIAL_NODE_MOVED_ON = 2;

    @Override
    public WindowInput createInstance() {
        return null;
    }

    @Override
    public WindowInput copy(WindowInput from) {
        if (from.event() != null) {
            return WindowInput.of(TelemetrySerializer.INSTANCE.copy(from.event()));
        }
        WindowCombiner.Partial p = from.partial();
        return WindowInput.of(
                new WindowCombiner.Partial(
                        p.nodeId(),
                        p.start(),
                        new NodeWindowStats().merge(p.stats()),
                        p.nodeMovedOn()));
    }

    @Override
    public void serialize(WindowInput in, DataOutputView out) throws IOException {
        if (in.event() != null) {
            out.writeByte(EVENT);
            TelemetrySerializer.INSTANCE.serialize(in.event(), out);
        } else {
            WindowCombiner.Partial p = in.partial();
            out.writeByte(p.nodeMovedOn() ? PARTIAL_NODE_MOVED_ON : PARTIAL);
            StringValue.writeString(p.nodeId(), out);
            out.writeLong(p.start());
            NodeWindowsCodec.writeStats(p.stats(), p.start(), new DataOutputViewStream(out));
        }
    }

    @Override
    public WindowInput deserialize(DataInputView in) throws IOException {
        byte tag = in.readByte();
        if (tag == EVENT) {
            return WindowInput.of(TelemetrySerializer.INSTANCE.deserialize(in));
        }
        if (tag != PARTIAL && tag != PARTIAL_NODE_MOVED_ON) {
            throw new IOException("window input: unknown tag " + tag + ", known 0, 1 and 2");
        }
        String node = StringValue.readString(in);
        if (node == null) {
            throw new IOException("window input: partial without a node id");
        }
        long start = in.readLong();
        NodeWindowStats stats = NodeWindowsCodec.readStats(new DataInputViewStream(in), start);
        return WindowInput.of(
                new WindowCombiner.Partial(node, start, stats, tag == PARTIAL_NODE_MOVED_ON));
    }

    @Override
    public TypeSerializerSnapshot<WindowInput> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format version 1 of this serializer; nothing to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowInput> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
