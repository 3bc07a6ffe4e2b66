package org.qoeflow.jobs;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.qoeflow.schema.Telemetry;

/**
 * Type of admitted telemetry between the job's operators, serialized by {@link
 * TelemetrySerializer}.
 */
public final class TelemetryTypeInfo extends TypeInformation<Telemetry> {
    private static final long serialVersionUID = 1L;

    public static final TelemetryTypeInfo INSTANCE = new TelemetryTypeInfo();

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
    public Class<Telemetry> getTypeClass() {
        return Telemetry.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Telemetry> createSerializer(SerializerConfig config) {
        return TelemetrySerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "TelemetryTypeInfo";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TelemetryTypeInfo;
    }

    @Override
    public int hashCode() {
        return TelemetryTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof TelemetryTypeInfo;
    }
}
