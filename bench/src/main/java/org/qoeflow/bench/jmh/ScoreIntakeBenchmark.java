package org.qoeflow.bench.jmh;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
import org.qoeflow.controller.law.FleetView;
import org.qoeflow.controller.law.ScopeBudget;
import org.qoeflow.controller.law.ScoreLimits;
import org.qoeflow.controller.law.ScoreRejection;
import org.qoeflow.controller.law.ScoreValidator;
import org.qoeflow.schema.AnomalyScore;
import org.qoeflow.schema.DecodeException;
import org.qoeflow.schema.QoeScore;
import org.qoeflow.schema.Topics;

/**
 * The controller's per-record intake, step by step, over one window of {@code nodes} nodes' scores
 * (the fleet model's, replicated under new node ids): decoding a QoE score and an anomaly score,
 * validating a score, the scope budget, and the fleet view's update. Their sum bounds what one
 * controller thread takes in per second (see docs/performance.md, the controller at scale).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ScoreIntakeBenchmark {
    @Param({"100000"})
    public int nodes;

    private QoeScore[] scores;
    private byte[][] encoded;
    private byte[] anomaly;
    private ScoreValidator validator;
    private ScopeBudget budget;
    private FleetView view;
    private long now;
    private int i;

    @Setup(Level.Trial)
    public void setUp() throws DecodeException {
        List<QoeScore> templates = FleetWindows.scores(FleetSample.telemetry(300, 2, 30));
        long end = templates.get(templates.size() - 1).getWindowEnd().toEpochMilli();
        scores = new QoeScore[nodes];
        encoded = new byte[nodes][];
        for (int k = 0; k < nodes; k++) {
            QoeScore t = templates.get(k % templates.size());
            scores[k] =
                    QoeScore.newBuilder(t)
                            .setNodeId(t.getNodeId() + "-" + k)
                            .setWindowStart(Instant.ofEpochMilli(end - FleetWindows.WINDOW_MS))
                            .setWindowEnd(Instant.ofEpochMilli(end))
                            .build();
            encoded[k] = Topics.QOE_SCORES.codec().encode(scores[k]);
        }
        QoeScore s = scores[0];
        anomaly =
                Topics.ANOMALY_SCORES
                        .codec()
                        .encode(
                                AnomalyScore.newBuilder()
                                        .setNodeId(s.getNodeId())
                                        .setTier(s.getTier())
                                        .setRegion(s.getRegion())
                                        .setDeviceClass(s.getDeviceClass())
                                        .setWindowStart(s.getWindowStart())
                                        .setWindowEnd(s.getWindowEnd())
                                        .setRawScore(0.2)
                                        .setLikelihood(0.5)
                                        .setThreshold(1.0)
                                        .setAlert(false)
                                        .setTopFeatures(List.of())
                                        .setModelVersion("bench")
                                        .build());
        now = end + 1000;
        ScoreLimits limits =
                ScoreLimits.DEFAULTS.withScopeBounds(32, 64, 64, nodes, Math.max(nodes, 100_000));
        validator = new ScoreValidator(limits);
        budget = new ScopeBudget(limits, Duration.ofSeconds(30));
        view = new FleetView();
        for (QoeScore q : scores) {
            budget.admit(q, now);
            view.observe(q);
        }
    }

    private int next() {
        int k = i++;
        if (i == nodes) {
            i = 0;
        }
        return k;
    }

    @Benchmark
    public QoeScore decodeScore() throws DecodeException {
        return Topics.QOE_SCORES.codec().decode(encoded[next()]);
    }

    @Benchmark
    public AnomalyScore decodeAnomalyScore() throws DecodeException {
        return Topics.ANOMALY_SCORES.codec().decode(anomaly);
    }

    @Benchmark
    public Optional<ScoreRejection> validate() {
        return validator.check(scores[next()], now);
    }

    @Benchmark
    public Optional<ScoreRejection> scopeBudget() {
        return budget.admit(scores[next()], now);
    }

    @Benchmark
    public FleetView observe() {
        view.observe(scores[next()]);
        return view;
    }
}
