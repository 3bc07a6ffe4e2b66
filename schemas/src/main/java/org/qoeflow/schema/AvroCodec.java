package org.qoeflow.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one Avro record type with Avro single-object encoding (2-byte marker, 8-byte
 * schema fingerprint, body), so readers can tell which writer schema produced a record.
 *
 * <p>Instances are thread-safe: Avro's message encoder and decoder keep per-thread buffers.
 */
public final class AvroCodec<T extends SpecificRecord> {
    static {
        SchemaTrust.install();
    }

    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroCodec(Class<T> type, Schema schema, SchemaStore.Cache olderWriterSchemas) {
        this.type = type;
        this.schema = schema;
        SpecificData model = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, olderWriterSchemas);
    }

    /** A codec for a generated record class; {@code olderSchemas} are earlier writer versions. */
    public static <T extends SpecificRecord> AvroCodec<T> of(
            Class<T> type, Schema schema, Schema... olderSchemas) {
        SchemaStore.Cache cache = new SchemaStore.Cache();
        for (Schema older : olderSchemas) {
            cache.addSchema(older);
        }
        return new AvroCodec<>(type, schema, cache);
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        return schema;
    }

    /** Serializes one record with the single-object header. */
    public byte[] encode(T record) {
        try {
            ByteBuffer buf = encoder.encode(record);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deserializes one record.
     *
     * @throws DecodeException naming what was wrong (empty, bad header, unknown schema, corrupt
     *     body)
     */
    public T decode(byte[] bytes) throws DecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new DecodeException("empty " + type.getSimpleName() + " record");
        }
        try {
            return decoder.decode(bytes);
        } catch (org.apache.avro.message.BadHeaderException e) {
            throw new DecodeException(
                    "not an Avro single-object encoded "
                            + type.getSimpleName()
                            + " ("
                            + e.getMessage()
                            + ")",
                    e);
        } catch (org.apache.avro.message.MissingSchemaException e) {
            throw new DecodeException(
                    "unknown writer schema for " + type.getSimpleName() + ": " + e.getMessage(), e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw new DecodeException(
                    "corrupt "
                            + type.getSimpleName()
                            + " body: "
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    e);
        }
    }
}
