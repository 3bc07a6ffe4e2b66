package org.qoeflow.jobs;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.qoeflow.common.Checks;
import org.qoeflow.common.Durations;
import org.qoeflow.common.KafkaClientProperties;
import org.qoeflow.jobs.anomaly.AnomalyJobOptions;
import org.qoeflow.jobs.otlp.OtlpJobOptions;
import org.qoeflow.otlp.OtlpMapping;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.qoe.TelemetryGate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Validated settings of the QoE scoring job. */
public record JobOptions(
        Properties kafka,
        String groupId,
        Duration windowSize,
        Duration allowedLateness,
        Duration maxOutOfOrderness,
        Duration idleTimeout,
        Duration maxFutureSkew,
        DeliveryGuarantee deliveryGuarantee,
        String transactionalIdPrefix,
        boolean startFromEarliest,
        QoeOptions qoe,
        AnomalyJobOptions anomaly,
        JobInput input,
        OtlpJobOptions otlp,
        boolean scopeSummaries)
        implements Serializable {

    public JobOptions {
        Checks.positive("--window", windowSize);
        Checks.nonNegative("--allowed-lateness", allowedLateness);
        Checks.nonNegative("--max-out-of-orderness", maxOutOfOrderness);
        Checks.positive("--idle-timeout", idleTimeout);
        Checks.nonNegative("--max-future-skew", maxFutureSkew);
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("--group-id must not be empty");
        }
        if (input == null || otlp == null) {
            throw new IllegalArgumentException("--input and the OTLP options must be set");
        }
    }

    /** Without scope summaries (see {@link #withScopeSummaries}). */
    public JobOptions(
            Properties kafka,
            String groupId,
            Duration windowSize,
            Duration allowedLateness,
            Duration maxOutOfOrderness,
            Duration idleTimeout,
            Duration maxFutureSkew,
            DeliveryGuarantee deliveryGuarantee,
            String transactionalIdPrefix,
            boolean startFromEarliest,
            QoeOptions qoe,
            AnomalyJobOptions anomaly,
            JobInput input,
            OtlpJobOptions otlp) {
        this(
                kafka,
                groupId,
                windowSize,
                allowedLateness,
                maxOutOfOrderness,
                idleTimeout,
                maxFutureSkew,
                deliveryGuarantee,
                transactionalIdPrefix,
                startFromEarliest,
                qoe,
                anomaly,
                input,
                otlp,
                false);
    }

    /**
     * These options also writing one summary per offload scope and window of the edge devices'
     * scores and the cloud nodes' scores alone ({@code --scope-summaries}).
     */
    public JobOptions withScopeSummaries(boolean on) {
        return new JobOptions(
                kafka,
                groupId,
                windowSize,
                allowedLateness,
                maxOutOfOrderness,
                idleTimeout,
                maxFutureSkew,
                deliveryGuarantee,
                transactionalIdPrefix,
                startFromEarliest,
                qoe,
                anomaly,
                input,
                otlp,
                on);
    }

    /** Reads our own telemetry only, with the default OTLP settings unused. */
    public JobOptions(
            Properties kafka,
            String groupId,
            Duration windowSize,
            Duration allowedLateness,
            Duration maxOutOfOrderness,
            Duration idleTimeout,
            Duration maxFutureSkew,
            DeliveryGuarantee deliveryGuarantee,
            String transactionalIdPrefix,
            boolean startFromEarliest,
            QoeOptions qoe,
            AnomalyJobOptions anomaly) {
        this(
                kafka,
                groupId,
                windowSize,
                allowedLateness,
                maxOutOfOrderness,
                idleTimeout,
                maxFutureSkew,
                deliveryGuarantee,
                transactionalIdPrefix,
                startFromEarliest,
                qoe,
                anomaly,
                JobInput.TELEMETRY,
                OtlpJobOptions.DEFAULTS);
    }

    /** These options reading {@code input}, with {@code otlp} settings for the OTLP input. */
    public JobOptions withInput(JobInput input, OtlpJobOptions otlp) {
        return new JobOptions(
                kafka,
                groupId,
                windowSize,
                allowedLateness,
                maxOutOfOrderness,
                idleTimeout,
                maxFutureSkew,
                deliveryGuarantee,
                transactionalIdPrefix,
                startFromEarliest,
                qoe,
                anomaly,
                input,
                otlp,
                scopeSummaries);
    }

    /** Events further ahead of the job's clock are dead letters (FutureEventTime). */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    /** The gate that admits raw telemetry records at the source. */
    public TelemetryGate gate() {
        return new TelemetryGate(
                TelemetryGate.DEFAULT_MAX_RECORD_BYTES, maxFutureSkew, maxOutOfOrderness);
    }

    public JobOptions withMaxFutureSkew(Duration skew) {
        return new JobOptions(
                kafka,
                groupId,
                windowSize,
                allowedLateness,
                maxOutOfOrderness,
                idleTimeout,
                skew,
                deliveryGuarantee,
                transactionalIdPrefix,
                startFromEarliest,
                qoe,
                anomaly,
                input,
                otlp,
                scopeSummaries);
    }

    /** Defaults for a given broker: 5 s windows, 5 s lateness, 2 s out-of-orderness. */
    public static JobOptions defaults(String bootstrap) {
        return new JobOptions(
                KafkaClientProperties.with(new Properties(), bootstrap),
                "qoeflow-qoe-scoring",
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                DEFAULT_MAX_FUTURE_SKEW,
                DeliveryGuarantee.AT_LEAST_ONCE,
                "qoeflow-qoe-scoring",
                true,
                QoeOptions.DEFAULTS,
                AnomalyJobOptions.DEFAULTS);
    }

    public JobOptions withWindow(Duration window, Duration lateness) {
        return new JobOptions(
                kafka,
                groupId,
                window,
                lateness,
                maxOutOfOrderness,
                idleTimeout,
                maxFutureSkew,
                deliveryGuarantee,
                transactionalIdPrefix,
                startFromEarliest,
                qoe,
                anomaly,
                input,
                otlp,
                scopeSummaries);
    }

    public JobOptions withKafka(Properties props) {
        return new JobOptions(
                props,
                groupId,
                windowSize,
                allowedLateness,
                maxOutOfOrderness,
                idleTimeout,
                maxFutureSkew,
                deliveryGuarantee,
                transactionalIdPrefix,
                startFromEarliest,
                qoe,
                anomaly,
                input,
                otlp,
                scopeSummaries);
    }

    /** Parses the job's command line; prints usage and throws on bad input. */
    public static JobOptions fromArgs(String... args) {
        CommandLine cmd = commandLine();
        cmd.parseArgs(args);
        if (cmd.isUsageHelpRequested()) {
            cmd.usage(System.out);
            System.exit(0);
        }
        return cmd.<Cli>getCommand().call();
    }

    /** The job's command line (picocli), not yet parsed. */
    public static CommandLine commandLine() {
        return new CommandLine(new Cli());
    }

    @Command(
            name = "qoe-scoring-job",
            mixinStandardHelpOptions = true,
            description = "The QoE and anomaly scoring job (Flink).")
    static final class Cli implements Callable<JobOptions> {
        @Option(names = "--bootstrap", description = "Kafka bootstrap servers")
        String bootstrap;

        @Option(names = "--kafka-properties", description = "Kafka client properties file")
        Path kafkaProperties;

        @Option(
                names = "--group-id",
                defaultValue = "qoeflow-qoe-scoring",
                description = "consumer group, also the sinks' transactional id prefix")
        String groupId;

        @Option(names = "--window", defaultValue = "5s", description = "tumbling event-time window")
        String window;

        @Option(
                names = "--allowed-lateness",
                defaultValue = "5s",
                description = "late events re-fire their window; later ones go to the DLQ")
        String lateness;

        @Option(
                names = "--max-out-of-orderness",
                defaultValue = "2s",
                description = "watermark bound: how far event time may run backwards")
        String outOfOrderness;

        @Option(
                names = "--idle-timeout",
                defaultValue = "10s",
                description = "a partition without data this long stops holding the watermark back")
        String idle;

        @Option(
                names = "--max-future-skew",
                defaultValue = "5m",
                description =
                        "events further ahead of the job's clock are dead letters; nearer ones"
                                + " are clamped to it")
        String maxFutureSkew;

        @Option(
                names = "--exactly-once",
                description =
                        "transactional sinks, committed on each checkpoint (the default; readers"
                                + " use isolation.level=read_committed)")
        boolean exactlyOnce;

        @Option(
                names = "--at-least-once",
                description =
                        "non-transactional sinks: scores visible without waiting for a checkpoint,"
                                + " duplicated after a failure")
        boolean atLeastOnce;

        @Option(names = "--from-latest", description = "start from the latest offsets")
        boolean fromLatest;

        @Option(names = "--qoe", description = "QoE option override, e.g. loadLatencyRefMs=400")
        Map<String, String> qoe = new LinkedHashMap<>();

        @Option(
                names = "--input",
                defaultValue = "telemetry",
                description =
                        "what to score: telemetry (our Avro topic), otlp (OpenTelemetry metrics"
                                + " from the Collector, see docs/otel.md) or both")
        String input;

        @Option(
                names = "--otlp",
                description =
                        "OTLP attribute mapping override, e.g. nodeIdKeys=k8s.pod.name,service.instance.id"
                                + " or defaultRegion=eu-west (see docs/otel.md)")
        Map<String, String> otlp = new LinkedHashMap<>();

        @Option(
                names = "--otlp-series-ttl",
                defaultValue = "10m",
                description =
                        "event time without a point after which a series' delta state is dropped")
        String otlpSeriesTtl;

        @Option(
                names = "--otlp-max-record-bytes",
                defaultValue = "" + OtlpJobOptions.DEFAULT_MAX_RECORD_BYTES,
                description = "larger OTLP records are dead letters (Oversized)")
        int otlpMaxRecordBytes;

        @Option(
                names = "--scope-summaries",
                description =
                        "also write one summary per offload scope and window of the edge devices"
                                + " (qoeflow.scope-summaries.v1) and the cloud nodes' own QoE and"
                                + " anomaly scores (qoeflow.cloud-scores.v1,"
                                + " qoeflow.cloud-anomaly-scores.v1), for a controller with"
                                + " --scope-summaries")
        boolean scopeSummaries;

        @Option(names = "--no-anomaly", description = "do not score anomalies")
        boolean noAnomaly;

        @Option(
                names = "--anomaly-state-ttl",
                defaultValue = "10m",
                description =
                        "event time without a window after which a node's anomaly state is dropped")
        String anomalyTtl;

        @Option(
                names = "--anomaly-top-k",
                defaultValue = "10",
                description = "how many nodes per region the anomaly top-k topic lists")
        int topK;

        private DeliveryGuarantee guarantee() {
            if (exactlyOnce && atLeastOnce) {
                throw new IllegalArgumentException(
                        "--exactly-once and --at-least-once exclude each other");
            }
            return atLeastOnce ? DeliveryGuarantee.AT_LEAST_ONCE : DeliveryGuarantee.EXACTLY_ONCE;
        }

        @Override
        public JobOptions call() {
            return new JobOptions(
                    KafkaClientProperties.with(
                            KafkaClientProperties.load(kafkaProperties), bootstrap),
                    groupId,
                    Durations.parse(window),
                    Durations.parse(lateness),
                    Durations.parse(outOfOrderness),
                    Durations.parse(idle),
                    Durations.parse(maxFutureSkew),
                    guarantee(),
                    groupId,
                    !fromLatest,
                    QoeOptions.DEFAULTS.withOverrides(qoe),
                    new AnomalyJobOptions(!noAnomaly, Durations.parse(anomalyTtl), topK),
                    JobInput.parse(input),
                    new OtlpJobOptions(
                            OtlpMapping.DEFAULTS.withOverrides(otlp),
                            Durations.parse(otlpSeriesTtl),
                            otlpMaxRecordBytes),
                    scopeSummaries);
        }
    }
}
