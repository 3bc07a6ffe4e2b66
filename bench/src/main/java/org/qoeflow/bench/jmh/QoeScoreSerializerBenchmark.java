package org.qoeflow.bench.jmh;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.qoeflow.bench.FleetSample;
import org.qoeflow.bench.FleetWindows;
import org.qoeflow.jobs.QoeScoreSerializer;
import org.qoeflow.schema.QoeScore;

/**
 * One QoE score through a shuffle's serializer and back (serialize into a reused buffer,
 * deserialize a new record, as Flink's network stack does per record): Flink's {@code
 * AvroSerializer}, which the score shuffles used, against the job's {@link QoeScoreSerializer}. The
 * scores are the fleet model's own windows; setup prints the mean bytes per score of each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QoeScoreSerializerBenchmark {
    /** {@code avro-reuse}: Avro reading into one reused record, as with object reuse on. */
    @Param({"avro", "avro-reuse", "qoe-score"})
    public String serializer;

    private TypeSerializer<QoeScore> s;
    private QoeScore reuse;
    private QoeScore[] scores;
    private final DataOutputSerializer out = new DataOutputSerializer(512);
    private final DataInputDeserializer in = new DataInputDeserializer();
    private int i;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        s =
                serializer.startsWith("avro")
                        ? new AvroSerializer<>(QoeScore.class)
                        : QoeScoreSerializer.INSTANCE;
        reuse = serializer.equals("avro-reuse") ? new QoeScore() : null;
        List<QoeScore> sample = FleetWindows.scores(FleetSample.telemetry(200, 2, 20));
        int n = Integer.highestOneBit(sample.size());
        scores = sample.subList(0, n).toArray(new QoeScore[0]);
        long bytes = 0;
        for (QoeScore q : scores) {
            out.clear();
            s.serialize(q, out);
            bytes += out.length();
            in.setBuffer(out.getSharedBuffer(), 0, out.length());
            if (!s.deserialize(in).equals(q)) {
                throw new IllegalStateException(serializer + " does not round-trip " + q);
            }
        }
        System.out.printf(
                "%n%s: %.1f bytes per score (mean of %d scores)%n",
                serializer, (double) bytes / n, n);
    }

    @Benchmark
    public QoeScore roundTrip() throws IOException {
        out.clear();
        s.serialize(scores[i++ & (scores.length - 1)], out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return reuse == null ? s.deserialize(in) : s.deserialize(reuse, in);
    }
}
