package org.qoeflow.common;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Kafka client properties passed through from a file (security, timeouts, ...), merged under the
 * settings a component must own itself.
 */
public final class KafkaClientProperties {
    private KafkaClientProperties() {}

    /** Loads a properties file; {@code null} gives empty properties. */
    public static Properties load(Path file) {
        Properties props = new Properties();
        if (file == null) {
            return props;
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Kafka properties file not found: " + file);
        }
        try (Reader r = Files.newBufferedReader(file)) {
            props.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kafka properties " + file, e);
        }
        return props;
    }

    /** A copy of {@code base} with {@code bootstrap.servers} set. */
    public static Properties with(Properties base, String bootstrapServers) {
        Properties p = new Properties();
        p.putAll(base);
        if (bootstrapServers != null) {
            p.setProperty("bootstrap.servers", bootstrapServers);
        }
        if (!p.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException(
                    "bootstrap.servers is not set: pass --bootstrap or put it in the properties file");
        }
        return p;
    }
}
