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

    /** Field names from the root to where the walk is; read only to name a failure. */
    private final String[] path = new String[MAX_DEPTH + 2];

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
        b.path[0] = writer.getName();
        b.datum(writer, 0);
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

    private void datum(Schema s, int depth) throws DecodeException {
        if (depth > MAX_DEPTH) {
            throw fail("nesting deeper than " + MAX_DEPTH, pos, depth);
        }
        switch (s.getType()) {
            case NULL -> {}
            case BOOLEAN -> {
                need(1, depth);
                int b = buf[pos++];
                if (b != 0 && b != 1) {
                    throw fail("boolean byte " + b + " is neither 0 nor 1", pos - 1, depth);
                }
            }
            case INT -> varint(5, depth);
            case LONG -> varint(10, depth);
            case FLOAT -> skip(4, depth);
            case DOUBLE -> skip(8, depth);
            case STRING, BYTES -> skip(length("length", depth), depth);
            case FIXED -> skip(s.getFixedSize(), depth);
            case ENUM -> index(s.getEnumSymbols().size(), "enum index", depth);
            case UNION ->
                    datum(
                            s.getTypes().get(index(s.getTypes().size(), "union index", depth)),
                            depth);
            case RECORD -> {
                for (Schema.Field f : s.getFields()) {
                    path[depth + 1] = f.name();
                    datum(f.schema(), depth + 1);
                }
            }
            case ARRAY -> blocks(s.getElementType(), false, depth);
            case MAP -> blocks(s.getValueType(), true, depth);
        }
    }

    /** Array and map blocks: a count, negative when followed by the block's byte size. */
    private void blocks(Schema item, boolean map, int depth) throws DecodeException {
        path[depth + 1] = map ? "{}" : "[]";
        while (true) {
            int at = pos;
            long count = varint(10, depth);
            if (count == 0) {
                return;
            }
            if (count < 0) {
                if (count == Long.MIN_VALUE) {
                    throw fail("block count " + count, at, depth);
                }
                count = -count;
                length("block size", depth);
            }
            // Items of type null take no byte: the total item budget bounds those too.
            items += count;
            if (count > buf.length - pos || items > buf.length) {
                throw fail(
                        "block count "
                                + count
                                + " exceeds the "
                                + (buf.length - pos)
                                + " bytes left",
                        at,
                        depth);
            }
            for (long i = 0; i < count; i++) {
                if (map) {
                    skip(length("map key length", depth + 1), depth + 1);
                }
                datum(item, depth + 1);
            }
        }
    }

    private int length(String what, int depth) throws DecodeException {
        int at = pos;
        long n = varint(10, depth);
        if (n < 0 || n > buf.length - pos) {
            throw fail(
                    what + " " + n + " exceeds the " + (buf.length - pos) + " bytes left",
                    at,
                    depth);
        }
        return (int) n;
    }

    private int index(int size, String what, int depth) throws DecodeException {
        int at = pos;
        long i = varint(5, depth);
        if (i < 0 || i >= size) {
            throw fail(what + " " + i + " out of range [0, " + size + ")", at, depth);
        }
        return (int) i;
    }

    /** Reads one zig-zag varint of at most {@code maxBytes} bytes and returns its value. */
    private long varint(int maxBytes, int depth) throws DecodeException {
        int at = pos;
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= buf.length) {
                throw fail("body ends inside a number", at, depth);
            }
            int b = buf[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw fail("number longer than " + maxBytes + " bytes", at, depth);
    }

    private void skip(int n, int depth) throws DecodeException {
        need(n, depth);
        pos += n;
    }

    private void need(int n, int depth) throws DecodeException {
        if (n > buf.length - pos) {
            throw fail("needs " + n + " bytes, " + (buf.length - pos) + " left", pos, depth);
        }
    }

    private DecodeException fail(String what, int at, int depth) {
        StringBuilder where = new StringBuilder();
        for (int i = 0; i <= Math.min(depth, path.length - 1); i++) {
            String p = path[i];
            where.append(i == 0 || p.startsWith("[") || p.startsWith("{") ? "" : ".").append(p);
        }
        return new DecodeException(what + " at " + where + " (byte " + at + ")");
    }
}
