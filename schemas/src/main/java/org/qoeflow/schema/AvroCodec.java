package org.qoeflow.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one Avro record type with Avro single-object encoding (2-byte marker, 8-byte
 * schema fingerprint, body), so readers can tell which writer schema produced a record.
 *
 * <p>Decoding is hardened for hostile input: before Avro reads a body, {@link BodyBounds} checks it
 * against the writer schema named by the fingerprint, so a length prefix cannot make Avro allocate
 * more than the record's own size, and trailing bytes are rejected.
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
    private final Map<Long, Schema> writers;
    private final long fingerprint;
    private final BodyReader<T> bodyReader;
    private final FlatRecordWriter<T> flatWriter;

    /**
     * Reads a body of the codec's own schema straight from its bytes, or returns {@code null} for
     * any body it does not read cleanly (the codec then takes the bounds walk and Avro's reader,
     * which name the problem). What it returns must equal what Avro would have read.
     */
    interface BodyReader<T> {
        T read(byte[] bytes, int start);
    }

    /** Single-object encoding: 2-byte marker, 8-byte little-endian CRC-64-AVRO fingerprint. */
    static final int HEADER_SIZE = 10;

    private AvroCodec(
            Class<T> type,
            Schema schema,
            SchemaStore.Cache olderWriterSchemas,
            Map<Long, Schema> writers,
            BodyReader<T> bodyReader) {
        this.type = type;
        this.schema = schema;
        this.writers = Map.copyOf(writers);
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.bodyReader = bodyReader;
        this.flatWriter = FlatRecordWriter.compile(schema, fingerprint);
        SpecificData model = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, olderWriterSchemas);
    }

    /** A codec for a generated record class; {@code olderSchemas} are earlier writer versions. */
    public static <T extends SpecificRecord> AvroCodec<T> of(
            Class<T> type, Schema schema, Schema... olderSchemas) {
        return of(type, schema, null, olderSchemas);
    }

    /**
     * As {@link #of(Class, Schema, Schema...)}, reading bodies of {@code schema} with {@code fast}.
     */
    static <T extends SpecificRecord> AvroCodec<T> of(
            Class<T> type, Schema schema, BodyReader<T> fast, Schema... olderSchemas) {
        SchemaStore.Cache cache = new SchemaStore.Cache();
        Map<Long, Schema> writers = new HashMap<>();
        writers.put(SchemaNormalization.parsingFingerprint64(schema), schema);
        for (Schema older : olderSchemas) {
            cache.addSchema(older);
            writers.put(SchemaNormalization.parsingFingerprint64(older), older);
        }
        return new AvroCodec<>(type, schema, cache, writers, fast);
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        return schema;
    }

    /**
     * Serializes one record with the single-object header: a flat schema's record through {@link
     * FlatRecordWriter}, the same bytes Avro writes; anything else, and any record it cannot write,
     * through Avro's encoder.
     */
    public byte[] encode(T record) {
        if (flatWriter != null && record != null) {
            byte[] fast = flatWriter.write(record);
            if (fast != null) {
                return fast;
            }
        }
        return encodeWithAvro(record);
    }

    /** Whether {@link #encode} has the fast path for this schema. */
    boolean writesFlat() {
        return flatWriter != null;
    }

    /** {@link #encode} through Avro's encoder only. */
    byte[] encodeWithAvro(T record) {
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
        if (bytes.length < HEADER_SIZE || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
            throw new DecodeException(
                    "not an Avro single-object encoded "
                            + type.getSimpleName()
                            + " ("
                            + bytes.length
                            + " bytes, "
                            + (bytes.length < 2 ? "too short" : "no C3 01 marker")
                            + ")");
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (bodyReader != null && fingerprint == this.fingerprint) {
            T fast = bodyReader.read(bytes, HEADER_SIZE);
            if (fast != null) {
                return fast;
            }
        }
        Schema writer = writers.get(fingerprint);
        if (writer == null) {
            throw new DecodeException(
                    "unknown writer schema for "
                            + type.getSimpleName()
                            + ": fingerprint "
                            + Long.toHexString(fingerprint));
        }
        try {
            BodyBounds.check(writer, bytes, HEADER_SIZE);
        } catch (DecodeException e) {
            throw new DecodeException(
                    "corrupt " + type.getSimpleName() + " body: " + e.getMessage(), e);
        }
        try {
            return decoder.decode(bytes);
        } catch (org.apache.avro.message.BadHeaderException
                | org.apache.avro.message.MissingSchemaException e) {
            throw new DecodeException(
                    "cannot read " + type.getSimpleName() + " header: " + e.getMessage(), e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw new DecodeException("corrupt " + type.getSimpleName() + " body: " + cause(e), e);
        }
    }

    /** The innermost cause's class and message: Avro wraps them in "Decoding datum failed". */
    static String cause(Throwable e) {
        Throwable root = e;
        for (int i = 0; i < 8 && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
