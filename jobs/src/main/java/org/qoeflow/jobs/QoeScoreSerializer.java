package org.qoeflow.jobs;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Tier;

/**
 * Flink serializer of a {@link QoeScore} on the job's shuffles (window operator to the anomaly
 * scorer, the cohort analysis and the scope summaries), instead of Flink's {@code AvroSerializer}:
 * every field in a fixed binary layout, strings through Flink's {@link StringValue} codec (as
 * {@link TelemetrySerializer}), timestamps as epoch milliseconds (the schema's {@code
 * timestamp-millis}), and the optional doubles behind one presence bitmask. No state uses it: state
 * that holds scores keeps its Avro serializer, so savepoints restore (see {@code
 * CohortScoringJob}).
 */
public final class QoeScoreSerializer extends MutableRecordSerializer<QoeScore> {
    public static final QoeScoreSerializer INSTANCE = new QoeScoreSerializer();

    private static final Tier[] TIERS = Tier.values();

    /** Schema positions of the {@code ["null", "double"]} fields, in the bitmask's bit order. */
    static final int[] OPTIONAL_DOUBLES = optionalDoubles(QoeScore.getClassSchema());

    @Override
    public QoeScore createInstance() {
        return new QoeScore();
    }

    @Override
    public QoeScore copy(QoeScore from) {
        // every field is immutable (String, Instant, Double, enum): a field copy is a deep copy
        QoeScore s = new QoeScore();
        int n = QoeScore.getClassSchema().getFields().size();
        for (int i = 0; i < n; i++) {
            s.put(i, from.get(i));
        }
        return s;
    }

    @Override
    public void serialize(QoeScore s, DataOutputView out) throws IOException {
        StringValue.writeString(s.getNodeId(), out);
        out.writeByte(s.getTier().ordinal());
        StringValue.writeString(s.getRegion(), out);
        StringValue.writeString(s.getDeviceClass(), out);
        StringValue.writeString(s.getModelVariant(), out);
        out.writeLong(s.getWindowStart().toEpochMilli());
        out.writeLong(s.getWindowEnd().toEpochMilli());
        out.writeInt(s.getRevision());
        out.writeLong(s.getRequestCount());
        out.writeLong(s.getSampleCount());
        out.writeDouble(s.getSuccessRate());
        out.writeDouble(s.getOffloadShare());
        out.writeLong(s.getAppliedControlVersion());
        out.writeDouble(s.getLoadWeight());
        out.writeDouble(s.getQoeIndex());
        out.writeBoolean(s.getPartial());
        int present = 0;
        for (int b = 0; b < OPTIONAL_DOUBLES.length; b++) {
            if (s.get(OPTIONAL_DOUBLES[b]) != null) {
                present |= 1 << b;
            }
        }
        out.writeShort(present);
        for (int b = 0; b < OPTIONAL_DOUBLES.length; b++) {
            if ((present & (1 << b)) != 0) {
                out.writeDouble((Double) s.get(OPTIONAL_DOUBLES[b]));
            }
        }
    }

    @Override
    public QoeScore deserialize(DataInputView in) throws IOException {
        QoeScore s = new QoeScore();
        s.setNodeId(required(StringValue.readString(in), "node_id"));
        int tier = in.readUnsignedByte();
        if (tier >= TIERS.length) {
            throw new IOException("qoe score: tier ordinal " + tier + " of " + TIERS.length);
        }
        s.setTier(TIERS[tier]);
        s.setRegion(required(StringValue.readString(in), "region"));
        s.setDeviceClass(required(StringValue.readString(in), "device_class"));
        s.setModelVariant(required(StringValue.readString(in), "model_variant"));
        s.setWindowStart(Instant.ofEpochMilli(in.readLong()));
        s.setWindowEnd(Instant.ofEpochMilli(in.readLong()));
        s.setRevision(in.readInt());
        s.setRequestCount(in.readLong());
        s.setSampleCount(in.readLong());
        s.setSuccessRate(in.readDouble());
        s.setOffloadShare(in.readDouble());
        s.setAppliedControlVersion(in.readLong());
        s.setLoadWeight(in.readDouble());
        s.setQoeIndex(in.readDouble());
        s.setPartial(in.readBoolean());
        int present = in.readUnsignedShort();
        if (present >>> OPTIONAL_DOUBLES.length != 0) {
            throw new IOException(
                    "qoe score: presence bits "
                            + Integer.toBinaryString(present)
                            + " beyond the "
                            + OPTIONAL_DOUBLES.length
                            + " optional fields");
        }
        for (int b = 0; b < OPTIONAL_DOUBLES.length; b++) {
            if ((present & (1 << b)) != 0) {
                s.put(OPTIONAL_DOUBLES[b], in.readDouble());
            }
        }
        return s;
    }

    private static String required(String v, String field) throws IOException {
        if (v == null) {
            throw new IOException("qoe score: " + field + " is null");
        }
        return v;
    }

    /**
     * The optional fields of the schema, which must all be nullable doubles that fit the 16-bit
     * mask: a field of another kind needs code here, and the round-trip test of every field says
     * so.
     */
    static int[] optionalDoubles(Schema schema) {
        List<Schema.Field> optional =
                schema.getFields().stream().filter(f -> f.schema().isNullable()).toList();
        for (Schema.Field f : optional) {
            boolean nullableDouble =
                    f.schema().getType() == Schema.Type.UNION
                            && f.schema().getTypes().size() == 2
                            && f.schema().getTypes().stream()
                                    .allMatch(
                                            t ->
                                                    t.getType() == Schema.Type.NULL
                                                            || t.getType() == Schema.Type.DOUBLE);
            if (!nullableDouble) {
                throw new IllegalStateException(
                        "QoeScoreSerializer: optional field "
                                + f.name()
                                + " is "
                                + f.schema()
                                + ", not [null, double]");
            }
        }
        if (optional.size() > 16) {
            throw new IllegalStateException(
                    "QoeScoreSerializer: " + optional.size() + " optional fields, the mask has 16");
        }
        return optional.stream().mapToInt(Schema.Field::pos).toArray();
    }

    @Override
    public TypeSerializerSnapshot<QoeScore> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format version 1 of this serializer; nothing to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<QoeScore> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
