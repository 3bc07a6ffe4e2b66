package org.qoeflow.bench.jmh;

import java.time.Instant;
import java.util.List;
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
import org.qoeflow.bench.FleetSample;
import org.qoeflow.bench.FleetWindows;
import org.qoeflow.controller.law.ControlLaw;
import org.qoeflow.controller.law.Decision;
import org.qoeflow.controller.law.FleetView;
import org.qoeflow.controller.law.LawOptions;
import org.qoeflow.schema.QoeScore;

/**
 * One control-law iteration over a fleet of {@code nodes} (edge and cloud, scores of the fleet
 * model replicated under new node ids): ingesting one window of scores into the view, and deciding.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ControlLawBenchmark {
    @Param({"10000", "100000"})
    public int nodes;

    private QoeScore[] window;
    private FleetView view;
    private ControlLaw law;
    private long now;

    @Setup(Level.Trial)
    public void setUp() {
        List<QoeScore> templates = FleetWindows.scores(FleetSample.telemetry(300, 2, 30));
        long end = templates.get(templates.size() - 1).getWindowEnd().toEpochMilli();
        window = new QoeScore[nodes];
        for (int i = 0; i < nodes; i++) {
            QoeScore t = templates.get(i % templates.size());
            window[i] =
                    QoeScore.newBuilder(t)
                            .setNodeId(t.getNodeId() + "-" + i)
                            .setWindowStart(Instant.ofEpochMilli(end - FleetWindows.WINDOW_MS))
                            .setWindowEnd(Instant.ofEpochMilli(end))
                            .build();
        }
        now = end + 1000;
        view = new FleetView();
        observeWindow();
        law = new ControlLaw(LawOptions.DEFAULTS);
    }

    @Benchmark
    public FleetView observeWindow() {
        for (QoeScore s : window) {
            view.observe(s);
        }
        return view;
    }

    @Benchmark
    public List<Decision> decide() {
        List<Decision> out = law.decide(view, now);
        for (Decision d : out) {
            law.markPublished(d, now);
        }
        return out;
    }
}
