package org.qoeflow.bench.jmh;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.qoeflow.qoe.TelemetryGate;
import org.qoeflow.schema.AvroCodec;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.Telemetry;
import org.qoeflow.schema.TopicDescriptor;
import org.qoeflow.schema.Topics;

/**
 * Avro single-object encode and decode of one telemetry record, and the job's source-side admission
 * (bounds check, decode, validation), over a mix of request facts and node samples. {@code decode}
 * is the codec's fast path for today's schema, {@code decodeAvroOnly} the same bytes through the
 * bounds walk and Avro's reader (the path of older writer schemas and of every error).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TelemetryCodecBenchmark {
    private Telemetry[] records;
    private byte[][] keys;
    private byte[][] values;
    private TelemetryGate gate;

    /** The codec without its fast path: the bounds walk and Avro's reader, as before it. */
    private final AvroCodec<Telemetry> avroOnly =
            AvroCodec.of(Telemetry.class, Telemetry.getClassSchema());

    private long now;
    private int i;

    @Setup(Level.Trial)
    public void setUp() {
        List<Telemetry> sample = FleetSample.telemetry(200, 2, 20);
        int n = Integer.highestOneBit(sample.size());
        records = sample.subList(0, n).toArray(new Telemetry[0]);
        keys = new byte[n][];
        values = new byte[n][];
        for (int k = 0; k < n; k++) {
            keys[k] = TopicDescriptor.key(records[k].getNodeId());
            values[k] = Topics.TELEMETRY.codec().encode(records[k]);
        }
        gate =
                new TelemetryGate(
                        TelemetryGate.DEFAULT_MAX_RECORD_BYTES,
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(2));
        now = records[n - 1].getEventTime().toEpochMilli();
    }

    @Benchmark
    public byte[] encode() {
        return Topics.TELEMETRY.codec().encode(records[i++ & (records.length - 1)]);
    }

    @Benchmark
    public Telemetry decode() throws DecodeException {
        return Topics.TELEMETRY.codec().decode(values[i++ & (values.length - 1)]);
    }

    @Benchmark
    public Telemetry decodeAvroOnly() throws DecodeException {
        return avroOnly.decode(values[i++ & (values.length - 1)]);
    }

    @Benchmark
    public TelemetryGate.Verdict admit() {
        int k = i++ & (values.length - 1);
        return gate.admit(keys[k], values[k], now);
    }
}
