package org.qoeflow.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Options for {@link EmbeddedKafka}; every setter validates its argument. */
public final class EmbeddedKafkaBuilder {
    int port;
    int controllerPort;
    Path logDir;
    int defaultPartitions = 1;
    Duration startTimeout = Duration.ofSeconds(60);
    boolean quietLogs = true;
    final Map<String, String> brokerProperties = new LinkedHashMap<>();
    SaslSsl saslSsl;

    /** A SASL_SSL client listener: TLS stores, and the broker's own (super) user. */
    record SaslSsl(TlsFiles tls, String adminUser, String adminPassword) {}

    EmbeddedKafkaBuilder() {}

    /** Client (PLAINTEXT) port; 0, the default, picks a free port. */
    public EmbeddedKafkaBuilder port(int port) {
        this.port = checkPort("port", port);
        return this;
    }

    /** KRaft controller port; 0, the default, picks a free port. */
    public EmbeddedKafkaBuilder controllerPort(int controllerPort) {
        this.controllerPort = checkPort("controllerPort", controllerPort);
        return this;
    }

    /**
     * Keeps data in {@code logDir} (formatted on first use, reused later, never deleted); by
     * default a temporary directory is used and deleted on close.
     */
    public EmbeddedKafkaBuilder logDir(Path logDir) {
        this.logDir = Objects.requireNonNull(logDir, "logDir");
        return this;
    }

    /** Partitions of auto-created topics ({@code num.partitions}), default 1. */
    public EmbeddedKafkaBuilder defaultPartitions(int defaultPartitions) {
        if (defaultPartitions < 1 || defaultPartitions > 10_000) {
            throw new IllegalArgumentException(
                    "defaultPartitions must be in [1, 10000], was " + defaultPartitions);
        }
        this.defaultPartitions = defaultPartitions;
        return this;
    }

    /** How long to wait for the broker and for topic creation, default 60 s. */
    public EmbeddedKafkaBuilder startTimeout(Duration startTimeout) {
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "startTimeout must be positive, was " + startTimeout);
        }
        this.startTimeout = startTimeout;
        return this;
    }

    /** Sets any broker config, overriding this class's defaults. */
    public EmbeddedKafkaBuilder brokerProperty(String key, String value) {
        brokerProperties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
        return this;
    }

    /**
     * Serves clients on a SASL_SSL listener (SCRAM-SHA-512 over TLS from {@code tls}) instead of
     * PLAINTEXT, with the StandardAuthorizer and no access without an ACL. {@code adminUser} is the
     * broker's super user, created as a SCRAM credential when the storage is formatted; it is what
     * the broker and {@link EmbeddedKafka}'s own admin client authenticate as. The KRaft controller
     * listener stays on 127.0.0.1 with SASL PLAIN for the same user.
     */
    public EmbeddedKafkaBuilder saslSsl(TlsFiles tls, String adminUser, String adminPassword) {
        Objects.requireNonNull(tls, "tls");
        if (adminUser == null || !adminUser.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(
                    "adminUser must be 1-64 letters, digits, '.', '_' or '-', was " + adminUser);
        }
        if (adminPassword == null || adminPassword.length() < 8 || adminPassword.contains("\"")) {
            throw new IllegalArgumentException(
                    "adminPassword must have at least 8 characters and no '\"'");
        }
        this.saslSsl = new SaslSsl(tls, adminUser, adminPassword);
        return this;
    }

    /** Whether to turn Kafka loggers down to WARN if log4j2 has no level for them; true. */
    public EmbeddedKafkaBuilder quietLogs(boolean quietLogs) {
        this.quietLogs = quietLogs;
        return this;
    }

    /** Starts the broker and blocks until an admin client can describe the cluster. */
    public EmbeddedKafka start() {
        return EmbeddedKafka.launch(this);
    }

    private static int checkPort(String name, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(
                    name + " must be in [0, 65535] (0 = free port), was " + port);
        }
        return port;
    }
}
