package org.qoeflow.bench.jmh;

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
import org.qoeflow.anomaly.StatefulDetector;
import org.qoeflow.anomaly.step.AnomalyStep;
import org.qoeflow.anomaly.step.ModelRegistry;
import org.qoeflow.anomaly.step.NodeAnomalyState;
import org.qoeflow.bench.FleetSample;
import org.qoeflow.bench.FleetWindows;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.QoeScore;

/**
 * The job's anomaly step per node-window with the built-in model, on one node's QoE windows of the
 * fleet model: {@link #anomalyStep} as with non-heap state ({@link AnomalyStep#score}: the node's
 * detector bytes restored, one step, snapshot again), {@link #anomalyStepLive} as with heap state
 * ({@link AnomalyStep#scoreLive}: the node's own detector object, no bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AnomalyStepBenchmark {
    private final AnomalyStep step = new AnomalyStep();
    private StatefulDetector detector;
    private NodeAnomalyState state;
    private NodeAnomalyState liveState;
    private ModelRegistry registry;
    private QoeScore[] windows;
    private int w;

    @Setup(Level.Trial)
    public void setUp() {
        windows = FleetWindows.scores(FleetSample.telemetry(1, 2, 1200)).toArray(QoeScore[]::new);
        registry = new ModelRegistry();
        detector = registry.builtIn();
        state = new NodeAnomalyState();
        liveState = new NodeAnomalyState();
        for (int k = 0; k < 100; k++) {
            anomalyStep();
            anomalyStepLive();
        }
    }

    @Benchmark
    public AnomalyScore anomalyStep() {
        QoeScore s = windows[w++ % windows.length];
        return step.score(detector, ModelRegistry.BUILT_IN_VERSION, state, s);
    }

    @Benchmark
    public AnomalyScore anomalyStepLive() {
        QoeScore s = windows[w++ % windows.length];
        return step.scoreLive(
                () -> registry.newDetector(ModelRegistry.BUILT_IN_VERSION),
                ModelRegistry.BUILT_IN_VERSION,
                liveState,
                s);
    }
}
