package org.qoeflow.qoe;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * What a model server reports beside its requests, over one window: means of the gauges it exposes
 * (queued and running requests, KV-cache use) and its counted request outcomes. Empty for nodes
 * that send our own telemetry.
 */
final class ModelServerStats {
    double queueSum;
    long queueCount;
    double runningSum;
    long runningCount;
    double kvCacheSum;
    long kvCacheCount;
    long succeeded;
    long failed;

    void merge(ModelServerStats o) {
        queueSum += o.queueSum;
        queueCount += o.queueCount;
        runningSum += o.runningSum;
        runningCount += o.runningCount;
        kvCacheSum += o.kvCacheSum;
        kvCacheCount += o.kvCacheCount;
        succeeded += o.succeeded;
        failed += o.failed;
    }

    /** True once the server counted any finished request by outcome. */
    boolean hasOutcomes() {
        return succeeded + failed > 0;
    }

    Double meanRunning() {
        return runningCount == 0 ? null : runningSum / runningCount;
    }

    Double meanKvCache() {
        return kvCacheCount == 0 ? null : kvCacheSum / kvCacheCount;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeDouble(queueSum);
        out.writeLong(queueCount);
        out.writeDouble(runningSum);
        out.writeLong(runningCount);
        out.writeDouble(kvCacheSum);
        out.writeLong(kvCacheCount);
        out.writeLong(succeeded);
        out.writeLong(failed);
    }

    static ModelServerStats read(DataInputStream in) throws IOException {
        ModelServerStats s = new ModelServerStats();
        s.queueSum = in.readDouble();
        s.queueCount = in.readLong();
        s.runningSum = in.readDouble();
        s.runningCount = in.readLong();
        s.kvCacheSum = in.readDouble();
        s.kvCacheCount = in.readLong();
        s.succeeded = in.readLong();
        s.failed = in.readLong();
        return s;
    }

    /** Compact form: the sums only when non-zero, the counts as varints. */
    void writeCompact(Encoder out) throws IOException {
        SparseDoubles.write(out, new double[] {queueSum, runningSum, kvCacheSum}, 0.0);
        out.writeLong(queueCount);
        out.writeLong(runningCount);
        out.writeLong(kvCacheCount);
        out.writeLong(succeeded);
        out.writeLong(failed);
    }

    static ModelServerStats readCompact(Decoder in) throws IOException {
        ModelServerStats s = new ModelServerStats();
        double[] sums = SparseDoubles.read(in, 3, 0.0);
        s.queueSum = sums[0];
        s.runningSum = sums[1];
        s.kvCacheSum = sums[2];
        s.queueCount = in.readLong();
        s.runningCount = in.readLong();
        s.kvCacheCount = in.readLong();
        s.succeeded = in.readLong();
        s.failed = in.readLong();
        return s;
    }
}
