package org.qoeflow.jobs;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.jobs.anomaly.AnomalyScoringJob;
import org.qoeflow.jobs.cohort.CohortRecords;
import org.qoeflow.jobs.cohort.CohortScoringJob;
import org.qoeflow.jobs.otlp.OtlpRecord;
import org.qoeflow.jobs.otlp.OtlpScoring;
import org.qoeflow.jobs.summary.ScopeSummaries;
import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.ModelUpdate;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.Tier;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * The QoE scoring job: telemetry -> per-node tumbling event-time windows -> QoE scores, with
 * invalid and late events kept as dead letters.
 */
public final class QoeScoringJob {
    public static final OutputTag<Telemetry> LATE =
            new OutputTag<>("late-telemetry", SerializerTypeInfo.TELEMETRY);

    /** Combined partials that reached the window operator after their window's lateness. */
    public static final OutputTag<WindowInput> LATE_PARTIALS =
            new OutputTag<>("late-partials", SerializerTypeInfo.WINDOW_INPUT);

    /**
     * Uid of the per-node window operator. It was {@code qoe-window} while the stock window
     * operator held this state (other state names and serializers): a savepoint of that job does
     * not restore into this one, and the changed uid makes that an error instead of a silent loss.
     */
    public static final String WINDOW_UID = "qoe-node-windows";

    /**
     * Uid of the operator that combines each node's events of a window before the shuffle ({@link
     * CombineWindowsOperator}); it holds no checkpointed state.
     */
    public static final String COMBINE_UID = "combine-windows";

    /** The job's two outputs. */
    public record Outputs(DataStream<QoeScore> scores, DataStream<DeadLetter> deadLetters) {}

    private QoeScoringJob() {}

    /**
     * Watermarks per source split from the admitted timestamp (event time, clamped to the job's
     * clock for fast device clocks), bounded out-of-orderness, and idleness so a quiet partition
     * does not hold windows back. Dead letters are invisible to the watermark: they neither advance
     * it nor count as activity, so a partition carrying only poison goes idle.
     */
    public static WatermarkStrategy<TelemetryOrError> watermarks(JobOptions o) {
        WatermarkStrategy<TelemetryOrError> events =
                WatermarkStrategy.<TelemetryOrError>forBoundedOutOfOrderness(o.maxOutOfOrderness())
                        .withIdleness(o.idleTimeout());
        return WatermarkStrategy.<TelemetryOrError>forGenerator(
                        ctx -> new IgnoreDeadLetters(events.createWatermarkGenerator(ctx)))
                .withTimestampAssigner((e, recordTs) -> e.eventTimeOr(Long.MIN_VALUE));
    }

    /** Hands only admitted events to the watermark generator. */
    static final class IgnoreDeadLetters implements WatermarkGenerator<TelemetryOrError> {
        private final WatermarkGenerator<TelemetryOrError> events;

        IgnoreDeadLetters(WatermarkGenerator<TelemetryOrError> events) {
            this.events = events;
        }

        @Override
        public void onEvent(TelemetryOrError e, long timestamp, WatermarkOutput out) {
            if (e.telemetry != null) {
                events.onEvent(e, timestamp, out);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {
            events.onPeriodicEmit(out);
        }
    }

    /** The topology; input must carry timestamps and watermarks (see {@link #watermarks}). */
    public static Outputs build(DataStream<TelemetryOrError> input, JobOptions o) {
        SingleOutputStreamOperator<Telemetry> telemetry =
                input.process(new SplitDeadLetters(), SerializerTypeInfo.TELEMETRY)
                        .name("split-dead-letters")
                        .uid("split-dead-letters");

        SingleOutputStreamOperator<QoeScore> scores =
                telemetry
                        .transform(
                                "combine-windows",
                                SerializerTypeInfo.WINDOW_INPUT,
                                new CombineWindowsOperator(o.windowSize(), o.qoe()))
                        .uid(COMBINE_UID)
                        .keyBy(WindowInput::nodeId)
                        .transform(
                                "qoe-window",
                                SerializerTypeInfo.QOE_SCORE,
                                new NodeWindowOperator(
                                        o.windowSize(),
                                        o.allowedLateness(),
                                        o.qoe(),
                                        !heapState(input.getExecutionEnvironment())))
                        .uid(WINDOW_UID);

        DataStream<DeadLetter> late =
                scores.getSideOutput(LATE)
                        .map(new LateEventToDeadLetter())
                        .name("late-to-dead-letter")
                        .uid("late-to-dead-letter");

        DataStream<DeadLetter> latePartials =
                scores.getSideOutput(LATE_PARTIALS)
                        .map(new LateEventToDeadLetter.Partials())
                        .name("late-partials-to-dead-letter")
                        .uid("late-partials-to-dead-letter");

        DataStream<DeadLetter> dead =
                telemetry.getSideOutput(SplitDeadLetters.DEAD_LETTERS).union(late, latePartials);
        return new Outputs(scores, dead);
    }

    /** Wires Kafka source and sinks around {@link #build} and returns the environment. */
    public static StreamExecutionEnvironment wire(StreamExecutionEnvironment env, JobOptions o) {
        // No operator keeps or mutates a record it was handed (accumulators copy what they need,
        // state holds its own objects), so chained operators may share records: no Avro deep copy
        // per record between the source, the dead-letter split and the sinks.
        env.getConfig().enableObjectReuse();
        Outputs out = scoreInputs(env, o);
        out.scores()
                .sinkTo(KafkaIo.sink(Topics.QOE_SCORES, s -> TopicDescriptor.key(s.getNodeId()), o))
                .name("qoe-scores-sink")
                .uid("qoe-scores-sink");
        if (o.anomaly().enabled()) {
            wireAnomalies(env, out.scores(), o);
        }
        if (o.scopeSummaries()) {
            wireScopeSummaries(out.scores(), o);
        }
        CohortScoringJob.build(out.scores(), o.windowSize(), CohortOptions.DEFAULTS)
                .sinkTo(KafkaIo.sink(Topics.COHORT_VERDICTS, CohortRecords::key, o))
                .name("cohort-verdicts-sink")
                .uid("cohort-verdicts-sink");
        out.deadLetters()
                .sinkTo(
                        KafkaIo.sink(
                                Topics.DLQ, d -> d.getOriginalKey() == null ? null : bytes(d), o))
                .name("dlq-sink")
                .uid("dlq-sink");
        return env;
    }

    /** The telemetry topology, the OTLP one ({@link OtlpScoring}), or both, per {@code --input}. */
    private static Outputs scoreInputs(StreamExecutionEnvironment env, JobOptions o) {
        Outputs telemetry = null;
        if (o.input().readsTelemetry()) {
            DataStream<TelemetryOrError> input =
                    env.fromSource(KafkaIo.telemetrySource(o), watermarks(o), "telemetry-source")
                            .uid("telemetry-source");
            telemetry = build(input, o);
        }
        if (!o.input().readsOtlp()) {
            return telemetry;
        }
        DataStream<OtlpRecord> metrics =
                env.fromSource(OtlpScoring.source(o), OtlpScoring.watermarks(o), "otlp-source")
                        .uid("otlp-source");
        Outputs otlp = OtlpScoring.build(metrics, o);
        if (telemetry == null) {
            return otlp;
        }
        return new Outputs(
                telemetry.scores().union(otlp.scores()),
                telemetry.deadLetters().union(otlp.deadLetters()));
    }

    private static void wireAnomalies(
            StreamExecutionEnvironment env, DataStream<QoeScore> scores, JobOptions o) {
        DataStream<ModelUpdate> models =
                env.fromSource(
                                KafkaIo.modelSource(o),
                                AnomalyScoringJob.modelWatermarks(),
                                "model-source")
                        .uid("model-source");
        AnomalyScoringJob.Outputs a =
                AnomalyScoringJob.build(
                        scores, models, o.windowSize(), o.anomaly(), heapState(env));
        a.scores()
                .sinkTo(
                        KafkaIo.sink(
                                Topics.ANOMALY_SCORES, s -> TopicDescriptor.key(s.getNodeId()), o))
                .name("anomaly-scores-sink")
                .uid("anomaly-scores-sink");
        if (o.scopeSummaries()) {
            a.scores()
                    .filter(s -> s.getTier() == Tier.CLOUD)
                    .name("cloud-anomaly-scores")
                    .uid("cloud-anomaly-scores")
                    .sinkTo(
                            KafkaIo.sink(
                                    Topics.CLOUD_ANOMALY_SCORES,
                                    s -> TopicDescriptor.key(s.getNodeId()),
                                    o))
                    .name("cloud-anomaly-scores-sink")
                    .uid("cloud-anomaly-scores-sink");
        }
        a.topK()
                .sinkTo(
                        KafkaIo.sink(
                                Topics.ANOMALY_TOPK, t -> TopicDescriptor.key(t.getRegion()), o))
                .name("anomaly-top-k-sink")
                .uid("anomaly-top-k-sink");
    }

    /**
     * What a controller with {@code --scope-summaries} reads: one summary per offload scope and
     * window of the edge devices, and the cloud nodes' scores alone (their anomaly scores in {@link
     * #wireAnomalies}). Devices leave a summary after the law's default stale-after time.
     */
    private static void wireScopeSummaries(DataStream<QoeScore> scores, JobOptions o) {
        ScopeSummaries.build(scores, LawOptions.DEFAULTS.loop().staleAfter())
                .sinkTo(
                        KafkaIo.sink(
                                Topics.SCOPE_SUMMARIES, s -> TopicDescriptor.key(s.getScope()), o))
                .name("scope-summaries-sink")
                .uid("scope-summaries-sink");
        scores.filter(s -> s.getTier() == Tier.CLOUD)
                .name("cloud-scores")
                .uid("cloud-scores")
                .sinkTo(
                        KafkaIo.sink(
                                Topics.CLOUD_SCORES, s -> TopicDescriptor.key(s.getNodeId()), o))
                .name("cloud-scores-sink")
                .uid("cloud-scores-sink");
    }

    /** Whether keyed state lives as objects on the heap (the default hashmap backend). */
    static boolean heapState(StreamExecutionEnvironment env) {
        return "hashmap"
                .equalsIgnoreCase(env.getConfiguration().get(StateBackendOptions.STATE_BACKEND));
    }

    private static byte[] bytes(DeadLetter d) {
        var buf = d.getOriginalKey().duplicate();
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        return b;
    }

    public static void main(String[] args) throws Exception {
        JobOptions o = JobOptions.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(resilienceDefaults(env.getConfiguration()));
        wire(env, o).execute("qoeflow-qoe-scoring");
    }

    /**
     * What the job adds when the cluster says nothing: checkpoints every 10 s (they commit source
     * offsets, so a restart does not re-read from the earliest offset, and they commit exactly-once
     * transactions), and restarts with exponential back-off instead of failing for good. Keys the
     * cluster or {@code -D} sets are left alone.
     */
    public static Configuration resilienceDefaults(ReadableConfig cluster) {
        Configuration c = new Configuration();
        if (cluster.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isEmpty()) {
            c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10));
        }
        if (cluster.getOptional(RestartStrategyOptions.RESTART_STRATEGY).isEmpty()) {
            c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
            c.set(
                    RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                    Duration.ofSeconds(1));
            c.set(
                    RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                    Duration.ofMinutes(2));
        }
        return c;
    }
}
