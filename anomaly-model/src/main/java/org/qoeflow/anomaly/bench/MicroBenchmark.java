package org.qoeflow.anomaly.bench;

import java.util.Random;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.FeatureSpec;
import org.qoeflow.anomaly.lstm.LstmDetector;
import org.qoeflow.anomaly.lstm.ModelArtifact;

/**
 * JMH-free micro benchmark: prints ns/event of the LSTM detector (model step, online training,
 * scoring), in memory and with a per-event state snapshot/restore round trip, plus the state size
 * per key. Usage: {@code MicroBenchmark [events] [features]}.
 */
public final class MicroBenchmark {
    private MicroBenchmark() {}

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        double[][] xs = series(100_000, features);
        ModelArtifact model =
                ModelArtifact.untrained(
                        AnomalyOptions.defaults(),
                        FeatureSpec.scalar("value").dimension() == features
                                ? FeatureSpec.scalar("value")
                                : new FeatureSpec(names(features)));
        for (int round = 0; round < 3; round++) {
            double inMemory = inMemory(model, xs, events);
            double roundTrip = roundTrip(model, xs, events / 4);
            System.out.printf(
                    "round %d: %.0f ns/event in memory, %.0f ns/event with snapshot+restore%n",
                    round, inMemory, roundTrip);
        }
        LstmDetector det = new LstmDetector(model);
        int max = 0;
        for (int t = 0; t < 10_000; t++) {
            det.score(t * 300_000L, xs[t % xs.length]);
            max = Math.max(max, det.snapshot().length);
        }
        System.out.printf("state: %d bytes per key (max over 10000 events)%n", max);
    }

    private static java.util.List<String> names(int n) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("f" + i);
        }
        return names;
    }

    private static double[][] series(int n, int d) {
        Random rnd = new Random(1);
        double[][] xs = new double[n][d];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < d; j++) {
                xs[t][j] = 10 * Math.sin(2 * Math.PI * t / 288.0 + j) + rnd.nextGaussian();
            }
        }
        return xs;
    }

    private static double inMemory(ModelArtifact model, double[][] xs, int events) {
        LstmDetector det = new LstmDetector(model);
        double sink = 0;
        long start = System.nanoTime();
        for (int t = 0; t < events; t++) {
            sink += det.score(t * 300_000L, xs[t % xs.length]);
        }
        long ns = System.nanoTime() - start;
        if (sink < 0) {
            System.out.println(sink);
        }
        return (double) ns / events;
    }

    private static double roundTrip(ModelArtifact model, double[][] xs, int events) {
        LstmDetector det = new LstmDetector(model);
        byte[] state = det.snapshot();
        double sink = 0;
        long start = System.nanoTime();
        for (int t = 0; t < events; t++) {
            det.restore(state);
            sink += det.score(t * 300_000L, xs[t % xs.length]);
            state = det.snapshot();
        }
        long ns = System.nanoTime() - start;
        if (sink < 0) {
            System.out.println(sink);
        }
        return (double) ns / events;
    }
}
