package org.qoeflow.jobs;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import org.qoeflow.jobs.anomaly.AnomalyScoringJob;
import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.ModelUpdate;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * The QoE scoring job: telemetry -> per-node tumbling event-time windows -> QoE scores, with
 * invalid and late events kept as dead letters.
 */
public final class QoeScoringJob {
    public static final OutputTag<Telemetry> LATE =
            new OutputTag<>("late-telemetry", TypeInformation.of(Telemetry.class));

    /** The job's two outputs. */
    public record Outputs(DataStream<QoeScore> scores, DataStream<DeadLetter> deadLetters) {}

    private QoeScoringJob() {}

    /**
     * Watermarks per source split from event time, bounded out-of-orderness, and idleness so a
     * quiet partition does not hold windows back.
     */
    public static WatermarkStrategy<TelemetryOrError> watermarks(JobOptions o) {
        return WatermarkStrategy.<TelemetryOrError>forBoundedOutOfOrderness(o.maxOutOfOrderness())
                .withTimestampAssigner((e, recordTs) -> e.eventTimeOr(Long.MIN_VALUE))
                .withIdleness(o.idleTimeout());
    }

    /** The topology; input must carry timestamps and watermarks (see {@link #watermarks}). */
    public static Outputs build(DataStream<TelemetryOrError> input, JobOptions o) {
        SingleOutputStreamOperator<Telemetry> telemetry =
                input.process(new SplitDeadLetters())
                        .name("split-dead-letters")
                        .uid("split-dead-letters");

        SingleOutputStreamOperator<QoeScore> scores =
                telemetry
                        .keyBy(Telemetry::getNodeId)
                        .window(TumblingEventTimeWindows.of(o.windowSize()))
                        .allowedLateness(o.allowedLateness())
                        .sideOutputLateData(LATE)
                        .aggregate(new WindowStatsAggregate(), new ScoreWindow(o.qoe()))
                        .name("qoe-window")
                        .uid("qoe-window");

        DataStream<DeadLetter> late =
                scores.getSideOutput(LATE)
                        .map(new LateEventToDeadLetter())
                        .name("late-to-dead-letter")
                        .uid("late-to-dead-letter");

        DataStream<DeadLetter> dead =
                telemetry.getSideOutput(SplitDeadLetters.DEAD_LETTERS).union(late);
        return new Outputs(scores, dead);
    }

    /** Wires Kafka source and sinks around {@link #build} and returns the environment. */
    public static StreamExecutionEnvironment wire(StreamExecutionEnvironment env, JobOptions o) {
        DataStream<TelemetryOrError> input =
                env.fromSource(KafkaIo.telemetrySource(o), watermarks(o), "telemetry-source")
                        .uid("telemetry-source");
        Outputs out = build(input, o);
        out.scores()
                .sinkTo(KafkaIo.sink(Topics.QOE_SCORES, s -> TopicDescriptor.key(s.getNodeId()), o))
                .name("qoe-scores-sink")
                .uid("qoe-scores-sink");
        if (o.anomaly().enabled()) {
            wireAnomalies(env, out.scores(), o);
        }
        out.deadLetters()
                .sinkTo(
                        KafkaIo.sink(
                                Topics.DLQ, d -> d.getOriginalKey() == null ? null : bytes(d), o))
                .name("dlq-sink")
                .uid("dlq-sink");
        return env;
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
                AnomalyScoringJob.build(scores, models, o.windowSize(), o.anomaly());
        a.scores()
                .sinkTo(
                        KafkaIo.sink(
                                Topics.ANOMALY_SCORES, s -> TopicDescriptor.key(s.getNodeId()), o))
                .name("anomaly-scores-sink")
                .uid("anomaly-scores-sink");
        a.topK()
                .sinkTo(
                        KafkaIo.sink(
                                Topics.ANOMALY_TOPK, t -> TopicDescriptor.key(t.getRegion()), o))
                .name("anomaly-top-k-sink")
                .uid("anomaly-top-k-sink");
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
        if (o.deliveryGuarantee() == org.apache.flink.connector.base.DeliveryGuarantee.EXACTLY_ONCE
                && !env.getCheckpointConfig().isCheckpointingEnabled()) {
            // Transactions commit on checkpoints: without them nothing would ever be visible.
            env.enableCheckpointing(10_000);
        }
        wire(env, o).execute("qoeflow-qoe-scoring");
    }
}
