package org.qoeflow.schema;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes the Avro binary body of a flat record (every field a string, enum, int, long, double,
 * boolean, {@code timestamp-millis} long, or a union of {@code null} and one of those) from a plan
 * compiled once from its schema: the encode side of {@link AvroCodec}'s fast path, for the records
 * the job writes to Kafka per node and window ({@link QoeScore}: one per node-window, on two
 * topics).
 *
 * <p>Hand-written rather than Avro's writer because that writer resolves every union and looks up
 * every logical type's conversion per field and record; Avro's encoding is followed byte for byte
 * (zig-zag varints, little-endian doubles from their raw bits, strings as {@code
 * String.getBytes(UTF_8)}), which {@code FlatRecordWriterTest} checks against Avro's own encoder
 * for every topic's flat schema on generated records. Whatever it cannot write exactly as Avro
 * would (a null in a field that is not nullable, a value of another type) makes {@link #write}
 * return null, and the codec takes Avro's path, which throws the error it always threw. {@link
 * #compile} returns null for any schema that is not flat.
 */
final class FlatRecordWriter<T extends SpecificRecord> {
    private enum Kind {
        STRING,
        ENUM,
        INT,
        LONG,
        MILLIS,
        DOUBLE,
        BOOLEAN
    }

    /**
     * One field: its kind, the union index of null for a nullable one (-1 if not nullable; the
     * value is the other branch), and the value's schema (read for an enum's ordinal).
     */
    private record Field(Kind kind, int nullIndex, Schema valueSchema) {
        boolean nullable() {
            return nullIndex >= 0;
        }
    }

    /** Thrown inside a write to give up on the fast path; carries no stack. */
    private static final class NotWritable extends Exception {
        static final NotWritable INSTANCE = new NotWritable();

        private NotWritable() {
            super(null, null, false, false);
        }
    }

    private final Field[] fields;
    private final byte[] header;

    private FlatRecordWriter(Field[] fields, byte[] header) {
        this.fields = fields;
        this.header = header;
    }

    /** The plan for {@code schema}, or null when some field is not one this writer handles. */
    static <T extends SpecificRecord> FlatRecordWriter<T> compile(Schema schema, long fingerprint) {
        if (schema.getType() != Schema.Type.RECORD) {
            return null;
        }
        List<Schema.Field> declared = schema.getFields();
        Field[] fields = new Field[declared.size()];
        for (int i = 0; i < fields.length; i++) {
            Schema s = declared.get(i).schema();
            if (s.getType() == Schema.Type.UNION) {
                List<Schema> branches = s.getTypes();
                if (branches.size() != 2) {
                    return null;
                }
                int nullIndex = branches.get(0).getType() == Schema.Type.NULL ? 0 : 1;
                Kind kind = kind(branches.get(1 - nullIndex));
                if (branches.get(nullIndex).getType() != Schema.Type.NULL || kind == null) {
                    return null;
                }
                fields[i] = new Field(kind, nullIndex, branches.get(1 - nullIndex));
            } else {
                Kind kind = kind(s);
                if (kind == null) {
                    return null;
                }
                fields[i] = new Field(kind, -1, s);
            }
        }
        byte[] header = new byte[AvroCodec.HEADER_SIZE];
        header[0] = (byte) 0xC3;
        header[1] = (byte) 0x01;
        for (int b = 0; b < 8; b++) {
            header[2 + b] = (byte) (fingerprint >>> (8 * b));
        }
        return new FlatRecordWriter<>(fields, header);
    }

    private static Kind kind(Schema s) {
        LogicalType logical = s.getLogicalType();
        if (logical != null) {
            return logical instanceof LogicalTypes.TimestampMillis ? Kind.MILLIS : null;
        }
        return switch (s.getType()) {
            case STRING -> Kind.STRING;
            case ENUM -> Kind.ENUM;
            case INT -> Kind.INT;
            case LONG -> Kind.LONG;
            case DOUBLE -> Kind.DOUBLE;
            case BOOLEAN -> Kind.BOOLEAN;
            default -> null;
        };
    }

    /** Header and body of {@code record}, or null when Avro's path must write it (or fail). */
    byte[] write(T record) {
        Out out = new Out(header);
        try {
            for (int i = 0; i < fields.length; i++) {
                Field f = fields[i];
                Object v = record.get(i);
                if (f.nullable()) {
                    if (v == null) {
                        out.varlong(f.nullIndex);
                        continue;
                    }
                    out.varlong(1 - f.nullIndex);
                } else if (v == null) {
                    throw NotWritable.INSTANCE;
                }
                value(f, v, out);
            }
        } catch (NotWritable e) {
            return null;
        }
        return out.bytes();
    }

    private static void value(Field f, Object v, Out out) throws NotWritable {
        switch (f.kind) {
            case STRING -> {
                if (!(v instanceof CharSequence c)) {
                    throw NotWritable.INSTANCE;
                }
                byte[] utf8 = c.toString().getBytes(StandardCharsets.UTF_8);
                out.varlong(utf8.length);
                out.bytes(utf8);
            }
            case ENUM -> {
                if (!(v instanceof Enum<?> e) || !f.valueSchema.hasEnumSymbol(e.name())) {
                    throw NotWritable.INSTANCE;
                }
                out.varlong(f.valueSchema.getEnumOrdinal(e.name()));
            }
            case INT -> {
                if (!(v instanceof Integer n)) {
                    throw NotWritable.INSTANCE;
                }
                out.varlong(n);
            }
            case LONG -> {
                if (!(v instanceof Long n)) {
                    throw NotWritable.INSTANCE;
                }
                out.varlong(n);
            }
            case MILLIS -> {
                if (!(v instanceof Instant t)) {
                    throw NotWritable.INSTANCE;
                }
                long ms;
                try {
                    ms = t.toEpochMilli();
                } catch (ArithmeticException overflow) {
                    throw NotWritable.INSTANCE;
                }
                out.varlong(ms);
            }
            case DOUBLE -> {
                if (!(v instanceof Double d)) {
                    throw NotWritable.INSTANCE;
                }
                out.float64(d);
            }
            case BOOLEAN -> {
                if (!(v instanceof Boolean b)) {
                    throw NotWritable.INSTANCE;
                }
                out.byte1(b ? 1 : 0);
            }
        }
    }

    /** A growing byte array that starts with the header. */
    private static final class Out {
        byte[] buf;
        int pos;

        Out(byte[] header) {
            buf = Arrays.copyOf(header, 256);
            pos = header.length;
        }

        void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        void byte1(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        /** Zig-zag varint, as Avro writes ints and longs (an int's zig-zag equals its long's). */
        void varlong(long v) {
            ensure(10);
            long n = (v << 1) ^ (v >> 63);
            while ((n & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((n & 0x7F) | 0x80);
                n >>>= 7;
            }
            buf[pos++] = (byte) n;
        }

        void float64(double d) {
            ensure(8);
            long bits = Double.doubleToRawLongBits(d);
            for (int b = 0; b < 8; b++) {
                buf[pos++] = (byte) (bits >>> (8 * b));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, pos);
        }
    }
}
