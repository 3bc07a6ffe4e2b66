package org.qoeflow.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.qoeflow.jobs.JobOptions;
import org.qoeflow.jobs.KafkaIo;
import org.qoeflow.jobs.QoeScoringJob;
import org.qoeflow.schema.Topics;

/**
 * Flink's own source path as a ceiling: a job on the same MiniCluster settings and parallelism as
 * the pipeline that reads the same range with the job's {@code KafkaSource} and only counts and
 * discards, once with the job's deserializer (decode, validation, watermarks) and once with raw
 * bytes. Between the bare consumer and the pipeline, it says what share Flink's source path takes.
 */
final class FlinkCeiling {
    private FlinkCeiling() {}

    /** Records per second from the first record to the last; the job is cancelled afterwards. */
    static PipelineRun.Drain rate(
            JobOptions o, Configuration conf, boolean decode, long records, PrintWriter out)
            throws Exception {
        RecordCounter.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        env.getConfig().enableObjectReuse();
        java.util.Properties kafka = new java.util.Properties();
        kafka.putAll(o.kafka());
        if (decode) {
            env.fromSource(
                            KafkaIo.telemetrySource(o),
                            QoeScoringJob.watermarks(o),
                            "telemetry-source")
                    .sinkTo(new CountingDiscard<>())
                    .name("count-and-discard");
        } else {
            KafkaSource<byte[]> raw =
                    KafkaSource.<byte[]>builder()
                            .setProperties(kafka)
                            .setTopics(Topics.TELEMETRY.name())
                            .setGroupId(o.groupId())
                            .setStartingOffsets(
                                    OffsetsInitializer.committedOffsets(
                                            OffsetResetStrategy.EARLIEST))
                            .setDeserializer(
                                    KafkaRecordDeserializationSchema.valueOnly(
                                            ByteArrayDeserializer.class))
                            .build();
            env.fromSource(raw, WatermarkStrategy.noWatermarks(), "telemetry-bytes-source")
                    .sinkTo(new CountingDiscard<>())
                    .name("count-and-discard");
        }
        JobClient job = env.executeAsync(decode ? "bench-flink-decode" : "bench-flink-read");
        try {
            return PipelineRun.awaitDrain(
                    job,
                    records,
                    Duration.ofSeconds(300 + records / 2_000),
                    out,
                    decode ? "flink read+decode" : "flink read");
        } finally {
            job.cancel().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Counts records in the counter the bench reads ({@link RecordCounter}) and drops them. */
    static final class CountingDiscard<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Counter in = context.metricGroup().counter(RecordCounter.METRIC);
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context c) {
                    in.inc();
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
