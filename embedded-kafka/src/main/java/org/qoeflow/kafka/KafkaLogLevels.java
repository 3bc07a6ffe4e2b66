package org.qoeflow.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

/** Turns Kafka's chatty INFO logging down to WARN unless the log4j2 config names its loggers. */
final class KafkaLogLevels {
    private static final List<String> LOGGERS =
            List.of("kafka", "org.apache.kafka", "state.change.logger");

    private KafkaLogLevels() {}

    static void quietUnlessConfigured() {
        // Only when log4j-core is the logging backend; with logback etc. the user's config rules.
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return;
        }
        Map<String, Level> levels = new HashMap<>();
        for (String name : LOGGERS) {
            if (!context.getConfiguration().getLoggers().containsKey(name)) {
                levels.put(name, Level.WARN);
            }
        }
        if (!levels.isEmpty()) {
            Configurator.setLevel(levels);
        }
    }
}
