package org.qoeflow.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/** A real single-node Apache Kafka broker (KRaft, broker+controller) running in this JVM. */
public final class EmbeddedKafka implements AutoCloseable {
    private static final int BIND_ATTEMPTS = 5;

    private final KafkaRaftServer server;
    private final Admin admin;
    private final int port;
    private final Path logDir;
    private final boolean deleteLogDir;
    private final Duration timeout;
    private final EmbeddedKafkaBuilder.SaslSsl sasl;
    private boolean closed;

    private EmbeddedKafka(
            KafkaRaftServer server,
            int port,
            Path logDir,
            boolean deleteLogDir,
            Duration timeout,
            EmbeddedKafkaBuilder.SaslSsl sasl) {
        this.server = server;
        this.sasl = sasl;
        this.port = port;
        this.logDir = logDir;
        this.deleteLogDir = deleteLogDir;
        this.timeout = timeout;
        Properties adminProps = clientProperties();
        adminProps.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "qoeflow-embedded-kafka");
        this.admin = Admin.create(adminProps);
    }

    /** Starts a broker on a free port with a temporary log directory. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    public static EmbeddedKafkaBuilder builder() {
        return new EmbeddedKafkaBuilder();
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123}. */
    public String bootstrapServers() {
        return BrokerProperties.HOST + ":" + port;
    }

    /**
     * Client settings for this broker: {@code bootstrap.servers}, plus on a SASL_SSL broker the TLS
     * trust store and the super user's SCRAM login.
     */
    public Properties clientProperties() {
        return sasl == null
                ? clientProperties(null, null)
                : clientProperties(sasl.adminUser(), sasl.adminPassword());
    }

    /** Client settings that log in as {@code user} (SASL_SSL brokers only; else just bootstrap). */
    public Properties clientProperties(String user, String password) {
        Properties p = new Properties();
        if (sasl != null) {
            p.putAll(BrokerProperties.secureClient(sasl.tls(), user, password));
        }
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** Creates or replaces a SCRAM-SHA-512 login (SASL_SSL brokers). */
    public void createScramUser(String user, String password) {
        await(
                "SCRAM user " + user,
                admin.alterUserScramCredentials(
                                List.of(
                                        new UserScramCredentialUpsertion(
                                                user,
                                                new ScramCredentialInfo(
                                                        ScramMechanism.SCRAM_SHA_512, 8192),
                                                password)))
                        .all());
        // Credentials reach the broker's cache through the metadata log, shortly after.
        Await.until(
                "SCRAM credentials of " + user,
                timeout,
                () ->
                        admin.describeUserScramCredentials(List.of(user))
                                .all()
                                .get(1, TimeUnit.SECONDS)
                                .containsKey(user));
    }

    /** Creates ACLs and waits for the broker to apply them. */
    public void createAcls(Collection<AclBinding> acls) {
        await("ACLs", admin.createAcls(acls).all());
        Await.until(
                "ACLs applied",
                timeout,
                () ->
                        admin.describeAcls(AclBindingFilter.ANY)
                                .values()
                                .get(1, TimeUnit.SECONDS)
                                .containsAll(acls));
    }

    private void await(String what, org.apache.kafka.common.KafkaFuture<Void> f) {
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create " + what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted creating " + what, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating " + what, e);
        }
    }

    public int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    /**
     * Creates a topic with replication factor 1 and waits until every partition has a leader; does
     * nothing if a topic of that name already exists (whatever its partitions or configs).
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
        try {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topic " + name, e);
        }
        Await.until("leaders of topic " + name, timeout, () -> allPartitionsLed(name));
    }

    /** Stops the broker and deletes the log directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Utils.closeQuietly(admin, "embedded Kafka admin client");
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (deleteLogDir) {
                deleteDir(logDir);
            }
        }
    }

    static EmbeddedKafka launch(EmbeddedKafkaBuilder options) {
        if (options.quietLogs) {
            KafkaLogLevels.quietUnlessConfigured();
        }
        boolean temporary = options.logDir == null;
        Path dir = temporary ? createTempDir() : options.logDir;
        try {
            KraftStorage.formatIfNeeded(
                    dir,
                    options.saslSsl == null
                            ? List.of()
                            : List.of(
                                    "SCRAM-SHA-512=[name="
                                            + options.saslSsl.adminUser()
                                            + ",password="
                                            + options.saslSsl.adminPassword()
                                            + "]"));
            EmbeddedKafka kafka = startServer(options, dir, temporary);
            try {
                Await.until(
                        "broker at " + kafka.bootstrapServers(),
                        options.startTimeout,
                        kafka::clusterIsUp);
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
            return kafka;
        } catch (Exception e) {
            if (temporary) {
                deleteDir(dir);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private static EmbeddedKafka startServer(
            EmbeddedKafkaBuilder options, Path dir, boolean temporary) {
        for (int attempt = 1; ; attempt++) {
            int port = options.port == 0 ? Ports.free() : options.port;
            int controllerPort =
                    options.controllerPort == 0 ? Ports.free() : options.controllerPort;
            // Two free-port lookups can return the same port (it was closed in between).
            while (options.controllerPort == 0 && controllerPort == port) {
                controllerPort = Ports.free();
            }
            Properties props =
                    options.saslSsl == null
                            ? BrokerProperties.of(
                                    port,
                                    controllerPort,
                                    dir,
                                    options.defaultPartitions,
                                    options.brokerProperties)
                            : BrokerProperties.secure(
                                    port,
                                    controllerPort,
                                    dir,
                                    options.defaultPartitions,
                                    options.brokerProperties,
                                    options.saslSsl);
            KafkaConfig config = new KafkaConfig(props, false);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
                return new EmbeddedKafka(
                        server, port, dir, temporary, options.startTimeout, options.saslSsl);
            } catch (RuntimeException e) {
                server.shutdown();
                if (!Ports.isBindFailure(e)) {
                    throw e;
                }
                // Another process may have grabbed a "free" port between probing and binding;
                // retry only if the fixed ports (if any) are free, so the race hit a probed one.
                if (attempt == BIND_ATTEMPTS || !Ports.onlyProbedPortsCanBeTaken(options)) {
                    throw new IllegalStateException(
                            "Could not bind Kafka to "
                                    + BrokerProperties.HOST
                                    + " ports "
                                    + port
                                    + " (clients) and "
                                    + controllerPort
                                    + " (controller)",
                            e);
                }
            }
        }
    }

    private boolean clusterIsUp() throws Exception {
        return !admin.describeCluster().nodes().get(1, TimeUnit.SECONDS).isEmpty();
    }

    private boolean allPartitionsLed(String topic) throws Exception {
        TopicDescription description =
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(1, TimeUnit.SECONDS)
                        .get(topic);
        return description.partitions().stream().allMatch(p -> p.leader() != null);
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("qoeflow-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteDir(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + dir, e);
        }
    }
}
