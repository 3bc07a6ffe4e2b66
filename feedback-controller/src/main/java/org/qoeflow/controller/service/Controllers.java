package org.qoeflow.controller.service;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.qoeflow.controller.law.ControlLaw;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.controller.law.ScoreLimits;
import org.qoeflow.controller.law.VersionLedger;
import org.qoeflow.schema.ControlUpdate;

/** Wires Kafka-backed controllers that continue the version sequence of the control topic. */
public final class Controllers {
    private Controllers() {}

    /**
     * As {@link #kafka(Properties, LawOptions, PrometheusRegistry, String, ControlSink.Decorator)}
     * with the class-wide {@code offload/<device_class>} scopes existing consumers expect and
     * unsigned updates.
     */
    public static ControllerExecutor kafka(
            Properties kafka, LawOptions options, PrometheusRegistry registry, String groupId) {
        return kafka(
                kafka,
                options.withRegionScopes(false),
                registry,
                groupId,
                ControlSink.Decorator.none());
    }

    /**
     * A single controller that always leads: recovers state from the control topic, then builds
     * (but does not start) the executor.
     */
    public static ControllerExecutor kafka(
            Properties kafka,
            LawOptions options,
            PrometheusRegistry registry,
            String groupId,
            ControlSink.Decorator decorator) {
        return kafka(
                kafka,
                options,
                registry,
                groupId,
                decorator,
                RecoveryTrust.anyWriter(),
                ScoreLimits.DEFAULTS,
                DecisionTrigger.Options.DEFAULTS);
    }

    /**
     * A single controller that always leads, signing with {@code signing} and resuming only from
     * the records it trusts.
     */
    public static ControllerExecutor kafka(
            Properties kafka,
            LawOptions options,
            PrometheusRegistry registry,
            String groupId,
            ControlSigning signing,
            ScoreLimits limits) {
        return kafka(
                kafka,
                options,
                registry,
                groupId,
                signing,
                limits,
                DecisionTrigger.Options.DEFAULTS);
    }

    /** As above, deciding when {@code decisions} says. */
    public static ControllerExecutor kafka(
            Properties kafka,
            LawOptions options,
            PrometheusRegistry registry,
            String groupId,
            ControlSigning signing,
            ScoreLimits limits,
            DecisionTrigger.Options decisions) {
        return kafka(
                kafka,
                options,
                registry,
                groupId,
                signing.decorator(),
                signing.recoveryTrust(),
                limits,
                decisions);
    }

    private static ControllerExecutor kafka(
            Properties kafka,
            LawOptions options,
            PrometheusRegistry registry,
            String groupId,
            ControlSink.Decorator decorator,
            RecoveryTrust trust,
            ScoreLimits limits,
            DecisionTrigger.Options decisions) {
        ControllerMetrics metrics = new ControllerMetrics(registry);
        Map<String, ControlUpdate> latest =
                ControlTopicRecovery.latest(
                        kafka, Duration.ofSeconds(30), trust, metrics::recoveryRecordRejected);
        return new ControllerExecutor(
                new ControlLaw(options),
                new KafkaScoreSource(kafka, groupId, metrics),
                Leadership.always(decorator.decorate(new KafkaControlSink(kafka)), latest),
                new VersionLedger(),
                metrics,
                Clock.systemUTC(),
                limits,
                decisions);
    }

    /**
     * One of several controller instances: every instance reads all scores (its own consumer
     * group), the elected leader alone writes, transactionally, and a new leader fences the old one
     * and resumes its version sequence from the control topic.
     */
    public static ControllerExecutor kafkaHighlyAvailable(
            Properties kafka,
            LawOptions options,
            PrometheusRegistry registry,
            String instanceId,
            Duration session,
            ControlSigning signing,
            ScoreLimits limits) {
        return kafkaHighlyAvailable(
                kafka,
                options,
                registry,
                instanceId,
                session,
                signing,
                limits,
                DecisionTrigger.Options.DEFAULTS);
    }

    /** As above, deciding when {@code decisions} says. */
    public static ControllerExecutor kafkaHighlyAvailable(
            Properties kafka,
            LawOptions options,
            PrometheusRegistry registry,
            String instanceId,
            Duration session,
            ControlSigning signing,
            ScoreLimits limits,
            DecisionTrigger.Options decisions) {
        return kafkaHighlyAvailable(
                kafka, options, registry, instanceId, session, signing, limits, decisions, false);
    }

    /**
     * As above; with {@code scopeSummaries} on the edge scopes' summaries and the cloud nodes'
     * scores ({@link KafkaScoreSource}, {@link ControllerExecutor#withScopeSummaries}).
     */
    public static ControllerExecutor kafkaHighlyAvailable(
            Properties kafka,
            LawOptions options,
            PrometheusRegistry registry,
            String instanceId,
            Duration session,
            ControlSigning signing,
            ScoreLimits limits,
            DecisionTrigger.Options decisions,
            boolean scopeSummaries) {
        ControllerMetrics metrics = new ControllerMetrics(registry);
        ControllerExecutor executor =
                new ControllerExecutor(
                        new ControlLaw(options),
                        new KafkaScoreSource(
                                kafka, "qoeflow-controller-" + instanceId, metrics, scopeSummaries),
                        new KafkaLeadership(
                                kafka,
                                instanceId,
                                session,
                                "qoeflow-controller",
                                signing.decorator(),
                                signing.recoveryTrust(),
                                metrics),
                        new VersionLedger(),
                        metrics,
                        Clock.systemUTC(),
                        limits,
                        decisions);
        return scopeSummaries ? executor.withScopeSummaries() : executor;
    }
}
