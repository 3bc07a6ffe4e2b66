package org.qoeflow.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** Earlier versions of our schemas, kept so readers still decode records written with them. */
final class SchemaHistory {
    private SchemaHistory() {}

    static Schema load(String name) {
        String path = "/org/qoeflow/schema/history/" + name;
        try (InputStream in = SchemaHistory.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing schema history resource " + path);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
