package org.qoeflow.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.qoeflow.bench.FleetSample;
import org.qoeflow.qoe.NodeWindowStats;
import org.qoeflow.qoe.QoeMath;
import org.qoeflow.qoe.QoeOptions;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Telemetry;

/**
 * The per-event window aggregation ({@link NodeWindowStats#add}, KLL sketch update included), the
 * window's score, and its byte round trip (what a heap or RocksDB state backend pays per access).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WindowStatsBenchmark {
    /** One node's events of one 5 s window, repeated: about 10 requests and 5 samples. */
    private static final int WINDOW_EVENTS = 16;

    private Telemetry[] events;
    private NodeWindowStats full;
    private final QoeMath math = new QoeMath(QoeOptions.DEFAULTS);
    private int i;

    @Setup(Level.Trial)
    public void setUp() {
        List<Telemetry> sample = FleetSample.telemetry(1, 2, 120);
        events = sample.toArray(new Telemetry[0]);
        full = new NodeWindowStats();
        for (int k = 0; k < WINDOW_EVENTS; k++) {
            full.add(events[k]);
        }
    }

    /** Per event: a fresh window filled with {@value #WINDOW_EVENTS} events. */
    @Benchmark
    @OperationsPerInvocation(WINDOW_EVENTS)
    public NodeWindowStats addEvent() {
        NodeWindowStats s = new NodeWindowStats();
        for (int k = 0; k < WINDOW_EVENTS; k++) {
            s.add(events[(i + k) % events.length]);
        }
        i += WINDOW_EVENTS;
        return s;
    }

    @Benchmark
    public QoeScore scoreWindow() {
        return full.toScore(0, 5000, 0, math);
    }

    @Benchmark
    public NodeWindowStats stateRoundTrip() {
        return NodeWindowStats.fromBytes(full.toBytes());
    }
}
