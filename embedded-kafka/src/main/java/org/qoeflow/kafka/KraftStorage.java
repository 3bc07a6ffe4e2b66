package org.qoeflow.kafka;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;

/** Formats a KRaft log directory in code, as {@code kafka-storage.sh format} would. */
final class KraftStorage {
    private KraftStorage() {}

    /** Formats {@code logDir} with a fresh cluster id unless it already holds meta.properties. */
    static void formatIfNeeded(Path logDir) throws Exception {
        formatIfNeeded(logDir, java.util.List.of());
    }

    /**
     * As above, adding SCRAM credentials to the bootstrap metadata, each as {@code kafka-storage
     * format --add-scram} takes them: {@code SCRAM-SHA-512=[name=admin,password=secret]}.
     */
    static void formatIfNeeded(Path logDir, java.util.List<String> scram) throws Exception {
        if (Files.exists(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            return;
        }
        Files.createDirectories(logDir);
        String dir = logDir.toAbsolutePath().toString();
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(BrokerProperties.NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                .addDirectory(dir)
                .setMetadataLogDirectory(dir)
                .setScramArguments(scram)
                .run();
    }
}
