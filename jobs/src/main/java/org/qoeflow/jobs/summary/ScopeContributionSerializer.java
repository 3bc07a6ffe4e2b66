package org.qoeflow.jobs.summary;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.qoeflow.jobs.MutableRecordSerializer;
import org.qoeflow.jobs.QoeScoreSerializer;

/**
 * Flink serializer of a {@link ScopeContribution} on the shuffle from {@link
 * ScopeMembershipFunction} to {@link ScopeSummaryFunction}: the strings, a presence byte and the
 * score through {@link QoeScoreSerializer}, the two longs; instead of Flink's POJO serializer with
 * Avro for the score. The summary function's state keeps its POJO serializer, so savepoints
 * restore.
 */
public final class ScopeContributionSerializer extends MutableRecordSerializer<ScopeContribution> {
    public static final ScopeContributionSerializer INSTANCE = new ScopeContributionSerializer();

    @Override
    public ScopeContribution createInstance() {
        return new ScopeContribution();
    }

    @Override
    public ScopeContribution copy(ScopeContribution from) {
        return new ScopeContribution(
                from.scope,
                from.nodeId,
                from.score == null ? null : QoeScoreSerializer.INSTANCE.copy(from.score),
                from.applied,
                from.windowEnd);
    }

    @Override
    public void serialize(ScopeContribution c, DataOutputView out) throws IOException {
        StringValue.writeString(c.scope, out);
        StringValue.writeString(c.nodeId, out);
        out.writeBoolean(c.score != null);
        if (c.score != null) {
            QoeScoreSerializer.INSTANCE.serialize(c.score, out);
        }
        out.writeLong(c.applied);
        out.writeLong(c.windowEnd);
    }

    @Override
    public ScopeContribution deserialize(DataInputView in) throws IOException {
        String scope = StringValue.readString(in);
        String nodeId = StringValue.readString(in);
        if (scope == null || nodeId == null) {
            throw new IOException("scope contribution without a scope or node id");
        }
        ScopeContribution c = new ScopeContribution();
        c.scope = scope;
        c.nodeId = nodeId;
        c.score = in.readBoolean() ? QoeScoreSerializer.INSTANCE.deserialize(in) : null;
        c.applied = in.readLong();
        c.windowEnd = in.readLong();
        return c;
    }

    @Override
    public TypeSerializerSnapshot<ScopeContribution> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format version 1 of this serializer; nothing to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ScopeContribution> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
