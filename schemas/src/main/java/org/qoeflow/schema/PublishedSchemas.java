package org.qoeflow.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The value schema of each topic as one self-contained {@code .avsc} file (every named type defined
 * inline, no Java-only properties), for consumers that use plain Avro; the repository keeps them in
 * {@code schemas/published/} and {@code qoeflow schemas --out DIR} writes them.
 */
public final class PublishedSchemas {
    /** Added by {@code stringType=String}; means nothing outside Java. */
    private static final String JAVA_STRING_PROP = "avro.java.string";

    private static final Set<String> PRIMITIVES =
            Set.of("null", "boolean", "int", "long", "float", "double", "bytes", "string");

    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishedSchemas() {}

    /** The file a topic's value schema is published as: {@code <topic name>.avsc}. */
    public static String fileName(TopicDescriptor<?> topic) {
        return topic.name() + ".avsc";
    }

    /**
     * File name to content, for every topic that carries records, in {@link Topics#all()} order.
     */
    public static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        for (TopicDescriptor<?> t : Topics.all()) {
            if (t.carriesRecords()) {
                files.put(fileName(t), json(t.codec().schema()));
            }
        }
        return files;
    }

    /** Writes {@link #files()} into {@code dir}, creating it; returns the paths written. */
    public static Map<String, Path> write(Path dir) {
        Map<String, Path> written = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> f : files().entrySet()) {
                Path file = dir.resolve(f.getKey());
                Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
                written.put(f.getKey(), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write schemas to " + dir, e);
        }
        return written;
    }

    /** {@code schema} as self-contained, pretty-printed JSON with a final newline. */
    public static String json(Schema schema) {
        try {
            JsonNode tree = withoutJavaProps(JSON.readTree(schema.toString()));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The 8 fingerprint bytes of single-object encoding as they appear on the wire (after {@code C3
     * 01}), in hex: CRC-64-AVRO of the parsing canonical form, little-endian.
     */
    public static String wireFingerprintHex(Schema schema) {
        long fp = SchemaNormalization.parsingFingerprint64(schema);
        byte[] le = new byte[8];
        for (int i = 0; i < 8; i++) {
            le[i] = (byte) (fp >>> (8 * i));
        }
        return HexFormat.of().formatHex(le);
    }

    /** Drops the Java-only property; {@code {"type": "string"}} left bare becomes "string". */
    private static JsonNode withoutJavaProps(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(JAVA_STRING_PROP);
            if (object.size() == 1 && PRIMITIVES.contains(object.path("type").asText())) {
                return object.get("type");
            }
            object.fieldNames()
                    .forEachRemaining(f -> object.set(f, withoutJavaProps(object.get(f))));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, withoutJavaProps(array.get(i)));
            }
        }
        return node;
    }
}
