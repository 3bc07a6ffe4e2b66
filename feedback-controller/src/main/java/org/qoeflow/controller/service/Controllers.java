package org.qoeflow.controller.service;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.qoeflow.controller.law.ControlLaw;
import org.qoeflow.controller.law.ControlOptions;
import org.qoeflow.controller.law.Decision;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.VersionLedger;
import org.qoeflow.schema.ControlUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires a Kafka-backed controller that continues the version sequence of the control topic. */
public final class Controllers {
    private static final Logger LOG = LoggerFactory.getLogger(Controllers.class);

    private Controllers() {}

    /**
     * As {@link #kafka(Properties, ControlOptions, LawOptions, PrometheusRegistry, String)} with
     * the class-wide {@code offload/<device_class>} scopes existing consumers expect.
     */
    public static ControllerExecutor kafka(
            Properties kafka, ControlOptions options, PrometheusRegistry registry, String groupId) {
        return kafka(
                kafka, options, LawOptions.DEFAULTS.withRegionScopes(false), registry, groupId);
    }

    /** Recovers state from the control topic, then builds (but does not start) the executor. */
    public static ControllerExecutor kafka(
            Properties kafka,
            ControlOptions options,
            LawOptions lawOptions,
            PrometheusRegistry registry,
            String groupId) {
        ControllerMetrics metrics = new ControllerMetrics(registry);
        VersionLedger versions = new VersionLedger();
        ControlLaw law = new ControlLaw(options, lawOptions);
        Map<String, ControlUpdate> latest =
                ControlTopicRecovery.latest(kafka, Duration.ofSeconds(30));
        for (ControlUpdate u : latest.values()) {
            versions.restore(u.getScope(), u.getVersion());
            law.restore(
                    new Decision(
                            u.getScope(),
                            u.getKind(),
                            u.getOffloadThresholdMs(),
                            u.getRoutingWeights(),
                            u.getReason()),
                    u.getIssuedAt().toEpochMilli());
        }
        LOG.info("recovered {} control scopes: {}", latest.size(), versions.snapshot());
        return new ControllerExecutor(
                law,
                new KafkaScoreSource(kafka, groupId, metrics),
                new KafkaControlSink(kafka),
                versions,
                metrics,
                Clock.systemUTC());
    }
}
