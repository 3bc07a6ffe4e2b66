package org.qoeflow.jobs.otlp;

import java.time.Clock;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.qoeflow.jobs.JobOptions;
import org.qoeflow.jobs.QoeScoringJob;
import org.qoeflow.jobs.ScoreWindow;
import org.qoeflow.jobs.SerializerTypeInfo;
import org.qoeflow.jobs.SplitDeadLetters;
import org.qoeflow.jobs.WindowStatsValue;
import org.qoeflow.otlp.MetricPoint;
import org.qoeflow.otlp.OtlpMetricsMapper;
import org.qoeflow.schema.DeadLetter;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Topics;

/**
 * The OTLP input of the QoE job: {@code otlp_proto} metrics -> points -> per-series deltas ->
 * per-node tumbling event-time windows -> the same QoE scores as our own telemetry gives. A point
 * later than the allowed lateness is dropped by the window (Flink counts it in {@code
 * numLateRecordsDropped}): unlike a telemetry event it has no record of its own to dead-letter.
 */
public final class OtlpScoring {
    private OtlpScoring() {}

    public static KafkaSource<OtlpRecord> source(JobOptions o) {
        OffsetResetStrategy reset =
                o.startFromEarliest() ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST;
        java.util.Properties props = new java.util.Properties();
        props.putAll(o.kafka());
        return KafkaSource.<OtlpRecord>builder()
                .setProperties(props)
                .setTopics(Topics.OTLP_METRICS.name())
                .setGroupId(o.groupId() + "-otlp")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(reset))
                .setDeserializer(deserializer(o, Clock.systemUTC()))
                .build();
    }

    public static OtlpDeserializer deserializer(JobOptions o, Clock clock) {
        return new OtlpDeserializer(
                new OtlpMetricsMapper(o.otlp().mapping()),
                o.otlp().maxRecordBytes(),
                o.maxFutureSkew().toMillis(),
                o.maxOutOfOrderness().toMillis(),
                clock);
    }

    /** As {@link QoeScoringJob#watermarks}: bounded out-of-orderness, idleness, blind to poison. */
    public static WatermarkStrategy<OtlpRecord> watermarks(JobOptions o) {
        WatermarkStrategy<OtlpRecord> points =
                WatermarkStrategy.<OtlpRecord>forBoundedOutOfOrderness(o.maxOutOfOrderness())
                        .withIdleness(o.idleTimeout());
        return WatermarkStrategy.<OtlpRecord>forGenerator(
                        ctx -> new IgnoreDeadLetters(points.createWatermarkGenerator(ctx)))
                .withTimestampAssigner((r, recordTs) -> r.eventTimeOr(Long.MIN_VALUE));
    }

    /** Hands only points to the watermark generator. */
    static final class IgnoreDeadLetters implements WatermarkGenerator<OtlpRecord> {
        private final WatermarkGenerator<OtlpRecord> points;

        IgnoreDeadLetters(WatermarkGenerator<OtlpRecord> points) {
            this.points = points;
        }

        @Override
        public void onEvent(OtlpRecord r, long timestamp, WatermarkOutput out) {
            if (r.point != null) {
                points.onEvent(r, timestamp, out);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {
            points.onPeriodicEmit(out);
        }
    }

    /** The topology; input must carry timestamps and watermarks (see {@link #watermarks}). */
    public static QoeScoringJob.Outputs build(DataStream<OtlpRecord> input, JobOptions o) {
        SingleOutputStreamOperator<MetricPoint> points =
                input.process(new SplitOtlpDeadLetters())
                        .name("otlp-split-dead-letters")
                        .uid("otlp-split-dead-letters");

        SingleOutputStreamOperator<MetricPoint> deltas =
                points.keyBy(p -> p.series)
                        .process(new CumulativeToDelta(o.otlp().seriesTtl()))
                        .name("otlp-cumulative-to-delta")
                        .uid("otlp-cumulative-to-delta");

        SingleOutputStreamOperator<QoeScore> scores =
                deltas.keyBy(p -> p.nodeId)
                        .window(TumblingEventTimeWindows.of(o.windowSize()))
                        .allowedLateness(o.allowedLateness())
                        .aggregate(
                                new PointWindowAggregate(),
                                new ScoreWindow(o.qoe()),
                                TypeInformation.of(WindowStatsValue.class),
                                TypeInformation.of(WindowStatsValue.class),
                                SerializerTypeInfo.QOE_SCORE)
                        .name("otlp-qoe-window")
                        .uid("otlp-qoe-window");

        DataStream<DeadLetter> dead = points.getSideOutput(SplitDeadLetters.DEAD_LETTERS);
        return new QoeScoringJob.Outputs(scores, dead);
    }
}
