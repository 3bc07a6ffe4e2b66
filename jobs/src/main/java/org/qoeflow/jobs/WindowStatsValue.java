package org.qoeflow.jobs;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Value;
import org.qoeflow.qoe.NodeWindowStats;

/**
 * Flink window accumulator holding a {@link NodeWindowStats}; being a {@link Value} makes Flink
 * serialize it with the stats' own compact format instead of Kryo.
 */
public final class WindowStatsValue implements Value {
    private NodeWindowStats stats = new NodeWindowStats();

    public NodeWindowStats stats() {
        return stats;
    }

    @Override
    public void write(DataOutputView out) throws IOException {
        byte[] bytes = stats.toBytes();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public void read(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        stats = NodeWindowStats.fromBytes(bytes);
    }
}
