package org.qoeflow.jobs;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.qoeflow.jobs.summary.ScopeContribution;
import org.qoeflow.jobs.summary.ScopeContributionSerializer;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Telemetry;

/**
 * Type of a record between the job's operators that has a serializer of its own (so Flink neither
 * falls back to Kryo nor encodes it as Avro again): admitted {@link Telemetry} ({@link
 * TelemetrySerializer}), the window operator's input ({@link WindowInputSerializer}) and its
 * output, the QoE scores ({@link QoeScoreSerializer}), and a device's contribution to its scope's
 * summary ({@link ScopeContributionSerializer}).
 */
public final class SerializerTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    public static final SerializerTypeInfo<Telemetry> TELEMETRY =
            new SerializerTypeInfo<>(Telemetry.class, TelemetrySerializer.INSTANCE);

    public static final SerializerTypeInfo<WindowInput> WINDOW_INPUT =
            new SerializerTypeInfo<>(WindowInput.class, WindowInputSerializer.INSTANCE);

    public static final SerializerTypeInfo<QoeScore> QOE_SCORE =
            new SerializerTypeInfo<>(QoeScore.class, QoeScoreSerializer.INSTANCE);

    public static final SerializerTypeInfo<ScopeContribution> SCOPE_CONTRIBUTION =
            new SerializerTypeInfo<>(ScopeContribution.class, ScopeContributionSerializer.INSTANCE);

    private final Class<T> type;
    private final TypeSerializer<T> serializer;

    private SerializerTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
        this.type = type;
        this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer;
    }

    @Override
    public String toString() {
        return "SerializerTypeInfo(" + type.getSimpleName() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SerializerTypeInfo<?> other && other.type == type;
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof SerializerTypeInfo<?>;
    }
}
