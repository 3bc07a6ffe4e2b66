package org.qoeflow.schema;

import org.apache.avro.Schema;

/**
 * Walks an Avro binary body with its writer schema before Avro decodes it, checking every length,
 * block count, union branch and enum index against the bytes that are left, so no record can make
 * the decoder allocate more than its own size or loop past its end, and rejecting trailing bytes.
 *
 * <p>One pass over the bytes, no allocation: cheap next to the decode it protects.
 */
final class BodyBounds {
    /** Deeper nesting than this is no record of ours; bounds recursion on hostile input. */
    static final int MAX_DEPTH = 32;

    private final byte[] buf;
    private int pos;
    private long items;

    private BodyBounds(byte[] buf, int start) {
        this.buf = buf;
        this.pos = start;
    }

    /**
     * Checks {@code buf[start..]} as one datum of {@code writer}.
     *
     * @throws DecodeException naming the field, the offending value and the byte offset
     */
    static void check(Schema writer, byte[] buf, int start) throws DecodeException {
        BodyBounds b = new BodyBounds(buf, start);
        b.datum(writer, writer.getName(), 0);
        if (b.pos != buf.length) {
            throw new DecodeException(
                    (buf.length - b.pos)
                            + " trailing bytes after the "
                            + writer.getName()
                            + " body (ends at byte "
                            + b.pos
                            + " of "
                            + buf.length
                            + ")");
        }
    }

    private void datum(Schema s, String path, int depth) throws DecodeException {
        if (depth > MAX_DEPTH) {
            throw new DecodeException("nesting deeper than " + MAX_DEPTH + " at " + path);
        }
        switch (s.getType()) {
            case NULL -> {}
            case BOOLEAN -> {
                need(1, path);
                int b = buf[pos++];
                if (b != 0 && b != 1) {
                    throw fail(path, "boolean byte " + b + " is neither 0 nor 1", pos - 1);
                }
            }
            case INT -> varint(5, path);
            case LONG -> varint(10, path);
            case FLOAT -> skip(4, path);
            case DOUBLE -> skip(8, path);
            case STRING, BYTES -> skip(length(path, "length"), path);
            case FIXED -> skip(s.getFixedSize(), path);
            case ENUM -> index(s.getEnumSymbols().size(), path, "enum index");
            case UNION -> {
                int branch = index(s.getTypes().size(), path, "union index");
                datum(s.getTypes().get(branch), path, depth + 1);
            }
            case RECORD -> {
                for (Schema.Field f : s.getFields()) {
                    datum(f.schema(), path + "." + f.name(), depth + 1);
                }
            }
            case ARRAY -> blocks(s.getElementType(), null, path, depth);
            case MAP -> blocks(s.getValueType(), Schema.create(Schema.Type.STRING), path, depth);
        }
    }

    /** Array and map blocks: a count, negative when followed by the block's byte size. */
    private void blocks(Schema item, Schema mapKey, String path, int depth) throws DecodeException {
        while (true) {
            int at = pos;
            long count = varint(10, path);
            if (count == 0) {
                return;
            }
            if (count < 0) {
                if (count == Long.MIN_VALUE) {
                    throw fail(path, "block count " + count, at);
                }
                count = -count;
                length(path, "block size");
            }
            // Items of type null take no byte: the total item budget bounds those too.
            items += count;
            if (count > buf.length - pos || items > buf.length) {
                throw fail(
                        path,
                        "block count "
                                + count
                                + " exceeds the "
                                + (buf.length - pos)
                                + " bytes left",
                        at);
            }
            for (long i = 0; i < count; i++) {
                if (mapKey != null) {
                    datum(mapKey, path + "{key}", depth + 1);
                }
                datum(item, path + "[]", depth + 1);
            }
        }
    }

    private int length(String path, String what) throws DecodeException {
        int at = pos;
        long n = varint(10, path);
        if (n < 0 || n > buf.length - pos) {
            throw fail(
                    path,
                    what + " " + n + " exceeds the " + (buf.length - pos) + " bytes left",
                    at);
        }
        return (int) n;
    }

    private int index(int size, String path, String what) throws DecodeException {
        int at = pos;
        long i = varint(5, path);
        if (i < 0 || i >= size) {
            throw fail(path, what + " " + i + " out of range [0, " + size + ")", at);
        }
        return (int) i;
    }

    /** Reads one zig-zag varint of at most {@code maxBytes} bytes and returns its value. */
    private long varint(int maxBytes, String path) throws DecodeException {
        int at = pos;
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= buf.length) {
                throw fail(path, "body ends inside a number", at);
            }
            int b = buf[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw fail(path, "number longer than " + maxBytes + " bytes", at);
    }

    private void skip(int n, String path) throws DecodeException {
        need(n, path);
        pos += n;
    }

    private void need(int n, String path) throws DecodeException {
        if (n > buf.length - pos) {
            throw fail(path, "needs " + n + " bytes, " + (buf.length - pos) + " left", pos);
        }
    }

    private static DecodeException fail(String path, String what, int at) {
        return new DecodeException(what + " at " + path + " (byte " + at + ")");
    }
}
