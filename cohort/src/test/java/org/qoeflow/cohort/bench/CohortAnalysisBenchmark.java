package org.qoeflow.cohort.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.qoeflow.cohort.CohortAnalysis;
import org.qoeflow.cohort.CohortOptions;
import org.qoeflow.cohort.CohortResult;
import org.qoeflow.cohort.NodeSample;

/**
 * Time of judging one region x device class window: two variants (a canary on half the nodes), 4
 * metrics, KS tests and Holm's correction. Divide by {@code nodes} for the cost per node-window.
 * Run: see docs/cohort.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CohortAnalysisBenchmark {
    /** Nodes in the region x class window. */
    @Param({"50", "1250"})
    public int nodes;

    private CohortAnalysis analysis;
    private List<NodeSample> window;

    @Setup(Level.Trial)
    public void setUp() {
        analysis = new CohortAnalysis(CohortOptions.DEFAULTS);
        SplittableRandom rnd = new SplittableRandom(1);
        window = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            boolean canary = i % 2 == 1;
            window.add(
                    NodeSample.of(
                            "edge-" + i,
                            canary ? "new" : "old",
                            (canary ? 260 : 220) * Math.exp(0.15 * rnd.nextGaussian()),
                            Math.min(1, 0.99 + 0.01 * rnd.nextGaussian()),
                            38 + 3 * rnd.nextGaussian(),
                            0.3 + 0.1 * rnd.nextGaussian()));
        }
    }

    @Benchmark
    public List<CohortResult> judgeWindow() {
        return analysis.compare(window);
    }
}
