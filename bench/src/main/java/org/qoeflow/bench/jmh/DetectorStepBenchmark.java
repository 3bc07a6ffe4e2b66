package org.qoeflow.bench.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.FeatureSpec;
import org.qoeflow.anomaly.lstm.LstmDetector;
import org.qoeflow.anomaly.lstm.ModelArtifact;

/**
 * Time of one detector step (model step + threshold), in memory and with the per-key state restored
 * and snapshotted as a keyed-state backend would. The job's whole step is {@link
 * AnomalyStepBenchmark}. Run: see docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DetectorStepBenchmark {
    /** The shipped options with 1 feature ("nab", as the NAB run) or 12 ("fleet", as the job). */
    @Param({"nab", "fleet"})
    public String setup;

    private LstmDetector detector;
    private byte[] state;
    private double[][] inputs;
    private int i;
    private long t;

    @Setup(Level.Trial)
    public void setUp() {
        boolean fleet = setup.equals("fleet");
        int d = fleet ? 12 : 1;
        AnomalyOptions o = AnomalyOptions.defaults();
        FeatureSpec spec = new FeatureSpec(IntStream.range(0, d).mapToObj(k -> "f" + k).toList());
        detector = new LstmDetector(ModelArtifact.untrained(o, spec));
        Random r = new Random(1);
        inputs = new double[4096][d];
        for (double[] x : inputs) {
            for (int k = 0; k < d; k++) {
                x[k] = Math.sin(t++ / 20.0) + 0.1 * r.nextGaussian();
            }
        }
        for (int k = 0; k < 5000; k++) {
            step();
        }
        state = detector.snapshot();
    }

    @Benchmark
    public double step() {
        double[] x = inputs[i++ & 4095].clone();
        return detector.score(t++ * 5000, x);
    }

    @Benchmark
    public double stepWithStateRoundTrip() {
        detector.restore(state);
        double s = step();
        state = detector.snapshot();
        return s;
    }
}
