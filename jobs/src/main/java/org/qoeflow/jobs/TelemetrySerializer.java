package org.qoeflow.jobs;

import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.qoeflow.schema.NodeSample;
import org.qoeflow.schema.RequestFact;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;

/**
 * Flink serializer of an admitted {@link Telemetry} between operators (the keyBy shuffle after the
 * dead-letter split): every field in a fixed binary layout, strings through Flink's {@link
 * StringValue} codec, instead of a second Avro encode and decode of a record the source has already
 * decoded and validated. Every field is kept, so what the window operator and the late dead letters
 * see is the same record.
 */
public final class TelemetrySerializer extends MutableRecordSerializer<Telemetry> {
    public static final TelemetrySerializer INSTANCE = new TelemetrySerializer();

    private static final byte REQUEST = 0;
    private static final byte SAMPLE = 1;
    private static final Tier[] TIERS = Tier.values();

    @Override
    public Telemetry createInstance() {
        return new Telemetry();
    }

    @Override
    public Telemetry copy(Telemetry from) {
        // field by field: Avro's deep copy would cut the event time to milliseconds
        Object payload = from.getPayload();
        if (payload instanceof RequestFact r) {
            payload = RequestFact.newBuilder(r).build();
        } else if (payload instanceof NodeSample s) {
            payload = NodeSample.newBuilder(s).build();
        }
        return new Telemetry(
                from.getNodeId(),
                from.getTier(),
                from.getRegion(),
                from.getDeviceClass(),
                from.getModelVariant(),
                from.getModelVersion(),
                from.getEventTime(),
                from.getAppliedControlVersion(),
                payload);
    }

    @Override
    public void serialize(Telemetry t, DataOutputView out) throws IOException {
        StringValue.writeString(t.getNodeId(), out);
        out.writeByte(t.getTier().ordinal());
        StringValue.writeString(t.getRegion(), out);
        StringValue.writeString(t.getDeviceClass(), out);
        StringValue.writeString(t.getModelVariant(), out);
        StringValue.writeString(t.getModelVersion(), out);
        Instant time = t.getEventTime();
        out.writeLong(time.getEpochSecond());
        out.writeInt(time.getNano());
        out.writeLong(t.getAppliedControlVersion());
        if (t.getPayload() instanceof RequestFact r) {
            out.writeByte(REQUEST);
            out.writeDouble(r.getTtftMs());
            out.writeDouble(r.getE2eMs());
            out.writeBoolean(r.getSuccess());
            out.writeBoolean(r.getOffloaded());
            StringValue.writeString(r.getRequestId(), out); // null-safe
        } else if (t.getPayload() instanceof NodeSample s) {
            out.writeByte(SAMPLE);
            out.writeDouble(s.getCpuFreqMhz());
            out.writeDouble(s.getPowerMw());
            out.writeDouble(s.getTemperatureC());
            out.writeDouble(s.getBandwidthKbps());
            out.writeDouble(s.getJitterMs());
            out.writeDouble(s.getFps());
            out.writeInt(s.getJankCount());
            out.writeInt(s.getQueueDepth());
            out.writeDouble(s.getMemoryMb());
        } else {
            throw new IOException(
                    "telemetry of node "
                            + t.getNodeId()
                            + " has a payload of unknown type "
                            + (t.getPayload() == null ? "null" : t.getPayload().getClass()));
        }
    }

    @Override
    public Telemetry deserialize(DataInputView in) throws IOException {
        Telemetry t = new Telemetry();
        t.setNodeId(required(StringValue.readString(in), "node_id"));
        int tier = in.readUnsignedByte();
        if (tier >= TIERS.length) {
            throw new IOException("telemetry: tier ordinal " + tier + " of " + TIERS.length);
        }
        t.setTier(TIERS[tier]);
        t.setRegion(required(StringValue.readString(in), "region"));
        t.setDeviceClass(required(StringValue.readString(in), "device_class"));
        t.setModelVariant(required(StringValue.readString(in), "model_variant"));
        t.setModelVersion(required(StringValue.readString(in), "model_version"));
        long seconds = in.readLong();
        int nanos = in.readInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IOException("telemetry: event_time nanos " + nanos);
        }
        t.setEventTime(Instant.ofEpochSecond(seconds, nanos));
        t.setAppliedControlVersion(in.readLong());
        byte kind = in.readByte();
        if (kind == REQUEST) {
            RequestFact r = new RequestFact();
            r.setTtftMs(in.readDouble());
            r.setE2eMs(in.readDouble());
            r.setSuccess(in.readBoolean());
            r.setOffloaded(in.readBoolean());
            r.setRequestId(StringValue.readString(in));
            t.setPayload(r);
        } else if (kind == SAMPLE) {
            NodeSample s = new NodeSample();
            s.setCpuFreqMhz(in.readDouble());
            s.setPowerMw(in.readDouble());
            s.setTemperatureC(in.readDouble());
            s.setBandwidthKbps(in.readDouble());
            s.setJitterMs(in.readDouble());
            s.setFps(in.readDouble());
            s.setJankCount(in.readInt());
            s.setQueueDepth(in.readInt());
            s.setMemoryMb(in.readDouble());
            t.setPayload(s);
        } else {
            throw new IOException("telemetry: unknown payload tag " + kind);
        }
        return t;
    }

    private static String required(String v, String field) throws IOException {
        if (v == null) {
            throw new IOException("telemetry: " + field + " is null");
        }
        return v;
    }

    @Override
    public TypeSerializerSnapshot<Telemetry> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format version 1 of this serializer; nothing to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Telemetry> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
