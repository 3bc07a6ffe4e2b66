package org.qoeflow.schema;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** The descriptors of every topic QoEFlow reads or writes. */
public final class Topics {
    private Topics() {}

    public static final TopicDescriptor<Telemetry> TELEMETRY =
            new TopicDescriptor<>(
                    "qoeflow.telemetry.v1",
                    "node_id",
                    AvroCodec.of(
                            Telemetry.class,
                            Telemetry.getClassSchema(),
                            TelemetryBodyReader.INSTANCE,
                            SchemaHistory.load("telemetry-v1.avsc")),
                    TopicDescriptor.CleanupPolicy.DELETE);

    public static final TopicDescriptor<QoeScore> QOE_SCORES =
            new TopicDescriptor<>(
                    "qoeflow.qoe-scores.v1",
                    "node_id",
                    AvroCodec.of(
                            QoeScore.class,
                            QoeScore.getClassSchema(),
                            SchemaHistory.load("qoe_score-v1.avsc"),
                            SchemaHistory.load("qoe_score-v2.avsc")),
                    TopicDescriptor.CleanupPolicy.DELETE);

    public static final TopicDescriptor<ControlUpdate> CONTROL =
            new TopicDescriptor<>(
                    "qoeflow.control.v1",
                    "scope",
                    AvroCodec.of(
                            ControlUpdate.class,
                            ControlUpdate.getClassSchema(),
                            SchemaHistory.load("control_update-v1.avsc")),
                    TopicDescriptor.CleanupPolicy.COMPACT);

    public static final TopicDescriptor<DeadLetter> DLQ =
            new TopicDescriptor<>(
                    "qoeflow.dlq.v1",
                    "source node_id or null",
                    AvroCodec.of(
                            DeadLetter.class,
                            DeadLetter.getClassSchema(),
                            SchemaHistory.load("dead_letter-v1.avsc")),
                    TopicDescriptor.CleanupPolicy.DELETE);

    public static final TopicDescriptor<AnomalyScore> ANOMALY_SCORES =
            new TopicDescriptor<>(
                    "qoeflow.anomaly-scores.v1",
                    "node_id",
                    AvroCodec.of(AnomalyScore.class, AnomalyScore.getClassSchema()),
                    TopicDescriptor.CleanupPolicy.DELETE);

    public static final TopicDescriptor<ModelUpdate> MODELS =
            new TopicDescriptor<>(
                    "qoeflow.models.v1",
                    "scope ('*' or a device class)",
                    AvroCodec.of(ModelUpdate.class, ModelUpdate.getClassSchema()),
                    TopicDescriptor.CleanupPolicy.COMPACT);

    public static final TopicDescriptor<AnomalyTopK> ANOMALY_TOPK =
            new TopicDescriptor<>(
                    "qoeflow.anomaly-topk.v1",
                    "region",
                    AvroCodec.of(AnomalyTopK.class, AnomalyTopK.getClassSchema()),
                    TopicDescriptor.CleanupPolicy.COMPACT);

    public static final TopicDescriptor<CohortVerdict> COHORT_VERDICTS =
            new TopicDescriptor<>(
                    "qoeflow.cohort-verdicts.v1",
                    "offload scope of the cohort (offload/<region>/<class>/<variant>)",
                    AvroCodec.of(
                            CohortVerdict.class,
                            CohortVerdict.getClassSchema(),
                            SchemaHistory.load("cohort_verdict-v1.avsc")),
                    TopicDescriptor.CleanupPolicy.DELETE);

    /**
     * One summary per offload scope and window of the scope's edge devices, written by the scoring
     * job with {@code --scope-summaries}; a controller with {@code --scope-summaries} reads these
     * and the two cloud topics below instead of every device's scores.
     */
    public static final TopicDescriptor<ScopeSummary> SCOPE_SUMMARIES =
            new TopicDescriptor<>(
                    "qoeflow.scope-summaries.v1",
                    "scope (offload/<region>/<class>/<variant>)",
                    AvroCodec.of(ScopeSummary.class, ScopeSummary.getClassSchema()),
                    TopicDescriptor.CleanupPolicy.DELETE);

    /** The cloud nodes' QoE scores alone (records of {@link #QOE_SCORES}), for the same reader. */
    public static final TopicDescriptor<QoeScore> CLOUD_SCORES =
            new TopicDescriptor<>(
                    "qoeflow.cloud-scores.v1",
                    "node_id",
                    AvroCodec.of(
                            QoeScore.class,
                            QoeScore.getClassSchema(),
                            SchemaHistory.load("qoe_score-v1.avsc")),
                    TopicDescriptor.CleanupPolicy.DELETE);

    /** The cloud nodes' anomaly scores alone (records of {@link #ANOMALY_SCORES}). */
    public static final TopicDescriptor<AnomalyScore> CLOUD_ANOMALY_SCORES =
            new TopicDescriptor<>(
                    "qoeflow.cloud-anomaly-scores.v1",
                    "node_id",
                    AvroCodec.of(AnomalyScore.class, AnomalyScore.getClassSchema()),
                    TopicDescriptor.CleanupPolicy.DELETE);

    /**
     * Carries no records, so it has no codec: controller instances join one consumer group on its
     * single partition, and the member that is assigned the partition leads.
     */
    public static final TopicDescriptor<SpecificRecord> CONTROLLER_LEADER =
            new TopicDescriptor<>(
                    "qoeflow.controller-leader.v1",
                    "none",
                    null,
                    TopicDescriptor.CleanupPolicy.DELETE,
                    1);

    /**
     * Metrics as the OpenTelemetry Collector's {@code kafka} exporter writes them ({@code encoding:
     * otlp_proto}): one serialized {@code ExportMetricsServiceRequest} per record. The scoring job
     * reads it with {@code --input otlp} (see docs/otel.md).
     */
    public static final TopicDescriptor<SpecificRecord> OTLP_METRICS =
            TopicDescriptor.foreign(
                    "qoeflow.otlp.metrics.v1",
                    "hash of the resource attributes (partition_metrics_by_resource_attributes)",
                    "otlp_proto: opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest",
                    TopicDescriptor.CleanupPolicy.DELETE);

    public static List<TopicDescriptor<?>> all() {
        return List.of(
                TELEMETRY,
                QOE_SCORES,
                CONTROL,
                DLQ,
                ANOMALY_SCORES,
                MODELS,
                ANOMALY_TOPK,
                COHORT_VERDICTS,
                SCOPE_SUMMARIES,
                CLOUD_SCORES,
                CLOUD_ANOMALY_SCORES,
                CONTROLLER_LEADER,
                OTLP_METRICS);
    }
}
