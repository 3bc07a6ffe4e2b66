package org.qoeflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Turns a decoded Avro value into plain JSON for people and scripts: records as objects, bytes as
 * Base64, timestamp-millis as ISO-8601, a nullable union as its value, and a union of several
 * non-null types as {@code {"BranchName": value}}. Non-finite doubles become the strings "NaN",
 * "Infinity" and "-Infinity", so every line is valid JSON.
 */
final class AvroJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AvroJson() {}

    static JsonNode toJson(Object datum, Schema schema) {
        if (datum == null) {
            return JSON.nullNode();
        }
        switch (schema.getType()) {
            case RECORD:
                return record((IndexedRecord) datum, schema);
            case UNION:
                return union(datum, schema);
            case ARRAY:
                ArrayNode array = JSON.arrayNode();
                for (Object item : (Collection<?>) datum) {
                    array.add(toJson(item, schema.getElementType()));
                }
                return array;
            case MAP:
                ObjectNode map = JSON.objectNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
                    map.set(e.getKey().toString(), toJson(e.getValue(), schema.getValueType()));
                }
                return map;
            case BYTES:
                return JSON.textNode(base64((ByteBuffer) datum));
            case FIXED:
                return JSON.textNode(
                        Base64.getEncoder().encodeToString(((GenericFixed) datum).bytes()));
            case ENUM:
            case STRING:
                return JSON.textNode(datum.toString());
            case BOOLEAN:
                return JSON.booleanNode((Boolean) datum);
            case INT:
                return JSON.numberNode((Integer) datum);
            case LONG:
                return timestamp(datum, schema);
            case FLOAT:
                return number(((Float) datum).doubleValue());
            case DOUBLE:
                return number((Double) datum);
            default:
                return JSON.nullNode();
        }
    }

    static String base64(ByteBuffer bytes) {
        ByteBuffer b = bytes.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return Base64.getEncoder().encodeToString(out);
    }

    private static ObjectNode record(IndexedRecord r, Schema schema) {
        ObjectNode o = JSON.objectNode();
        for (Schema.Field f : schema.getFields()) {
            o.set(f.name(), toJson(r.get(f.pos()), f.schema()));
        }
        return o;
    }

    private static JsonNode union(Object datum, Schema schema) {
        Schema branch = schema.getTypes().get(SpecificData.get().resolveUnion(schema, datum));
        JsonNode value = toJson(datum, branch);
        long nonNull =
                schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).count();
        if (nonNull <= 1) {
            return value;
        }
        ObjectNode tagged = JSON.objectNode();
        tagged.set(branch.getName(), value);
        return tagged;
    }

    private static JsonNode timestamp(Object datum, Schema schema) {
        if (datum instanceof Instant t) {
            return JSON.textNode(t.toString());
        }
        long v = (Long) datum;
        return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                ? JSON.textNode(Instant.ofEpochMilli(v).toString())
                : JSON.numberNode(v);
    }

    private static JsonNode number(double d) {
        return Double.isFinite(d) ? JSON.numberNode(d) : JSON.textNode(Double.toString(d));
    }
}
