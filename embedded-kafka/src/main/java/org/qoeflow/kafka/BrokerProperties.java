package org.qoeflow.kafka;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Server properties of a combined broker+controller KRaft node that is its own quorum. */
final class BrokerProperties {
    static final int NODE_ID = 1;
    static final String HOST = "127.0.0.1";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerProperties() {}

    static Properties of(
            int brokerPort,
            int controllerPort,
            Path logDir,
            int defaultPartitions,
            Map<String, String> overrides) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        setListeners(p, "PLAINTEXT", brokerPort, controllerPort);
        p.setProperty(
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        p.setProperty("num.partitions", String.valueOf(defaultPartitions));
        // Internal topics default to replication factor 3 and would never come up on one node.
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Flink's KafkaSink defaults transaction.timeout.ms to 1 h; the broker default max is 15
        // min.
        p.setProperty("transaction.max.timeout.ms", "3600000");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // The log cleaner allocates this buffer up front (128 MiB by default) inside our JVM.
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        p.putAll(overrides);
        return p;
    }

    static final String SECURE_LISTENER = "SASL_SSL";

    /** As {@link #of}, with the client listener on SASL_SSL and the authorizer on. */
    static Properties secure(
            int brokerPort,
            int controllerPort,
            Path logDir,
            int defaultPartitions,
            Map<String, String> overrides,
            EmbeddedKafkaBuilder.SaslSsl sasl) {
        Properties p = of(brokerPort, controllerPort, logDir, defaultPartitions, Map.of());
        String user = sasl.adminUser();
        String pw = sasl.adminPassword();
        setListeners(p, SECURE_LISTENER, brokerPort, controllerPort);
        p.setProperty(
                "listener.security.protocol.map",
                SECURE_LISTENER + ":SASL_SSL," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        p.setProperty("inter.broker.listener.name", SECURE_LISTENER);
        p.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.setProperty("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        p.setProperty(
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user
                        + "\" password=\""
                        + pw
                        + "\";");
        // KRaft controllers cannot use SCRAM (its credentials live in the metadata they serve).
        p.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
        p.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.setProperty(
                "listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + user
                        + "\" password=\""
                        + pw
                        + "\" user_"
                        + user
                        + "=\""
                        + pw
                        + "\";");
        p.setProperty("ssl.keystore.type", "PKCS12");
        p.setProperty("ssl.keystore.location", sasl.tls().keyStore().toString());
        p.setProperty("ssl.keystore.password", sasl.tls().password());
        p.setProperty("ssl.key.password", sasl.tls().password());
        p.setProperty("ssl.truststore.type", "PKCS12");
        p.setProperty("ssl.truststore.location", sasl.tls().trustStore().toString());
        p.setProperty("ssl.truststore.password", sasl.tls().password());
        p.setProperty(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("super.users", "User:" + user);
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        p.putAll(overrides);
        return p;
    }

    /** The client listener named {@code name} on the broker port, the controller's on its own. */
    private static void setListeners(
            Properties p, String name, int brokerPort, int controllerPort) {
        String client = name + "://" + HOST + ":" + brokerPort;
        p.setProperty(
                "listeners",
                client + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", client);
    }

    /** Client settings for {@code user} on the SASL_SSL listener. */
    static Properties secureClient(TlsFiles tls, String user, String password) {
        Properties p = new Properties();
        p.setProperty("security.protocol", "SASL_SSL");
        p.setProperty("sasl.mechanism", "SCRAM-SHA-512");
        p.setProperty(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user
                        + "\" password=\""
                        + password
                        + "\";");
        p.setProperty("ssl.truststore.type", "PKCS12");
        p.setProperty("ssl.truststore.location", tls.trustStore().toString());
        p.setProperty("ssl.truststore.password", tls.password());
        return p;
    }
}
