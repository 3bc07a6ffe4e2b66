package org.qoeflow.bench.jmh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.qoeflow.bench.FleetSample;
import org.qoeflow.bench.FleetWindows;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Topics;

/**
 * One QoE score encoded for its Kafka topic: the codec ({@code encode}: its flat-record writer)
 * against Avro's single-object encoder as the codec used it before ({@code encodeAvro}), on the
 * fleet model's own windows. Setup checks both give the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScoreCodecBenchmark {
    private final BinaryMessageEncoder<QoeScore> avro =
            new BinaryMessageEncoder<>(
                    SpecificData.getForClass(QoeScore.class), QoeScore.getClassSchema());
    private QoeScore[] scores;
    private int i;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        List<QoeScore> sample = FleetWindows.scores(FleetSample.telemetry(200, 2, 20));
        int n = Integer.highestOneBit(sample.size());
        scores = sample.subList(0, n).toArray(new QoeScore[0]);
        for (QoeScore s : scores) {
            if (!Arrays.equals(Topics.QOE_SCORES.codec().encode(s), encodeAvro(s))) {
                throw new IllegalStateException("the codec and Avro write different bytes: " + s);
            }
        }
    }

    private byte[] encodeAvro(QoeScore s) throws IOException {
        ByteBuffer buf = avro.encode(s);
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }

    @Benchmark
    public byte[] encode() {
        return Topics.QOE_SCORES.codec().encode(scores[i++ & (scores.length - 1)]);
    }

    @Benchmark
    public byte[] encodeAvro() throws IOException {
        return encodeAvro(scores[i++ & (scores.length - 1)]);
    }
}
