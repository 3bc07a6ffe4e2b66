package org.qoeflow.anomaly.nab;

import java.nio.file.Path;

/**
 * Runs one detector over a NAB corpus and scores it: {@code NabMain <data-dir> <out-dir>
 * [detector]}; labels are read from {@code <data-dir>/combined_windows.json}.
 */
public final class NabMain {
    private NabMain() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println(
                    "usage: NabMain <data-dir> <out-dir> [detector: " + Detectors.NAMES + "]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String detector = args.length > 2 ? args[2] : Detectors.DEFAULT;
        long start = System.nanoTime();
        NabRunner.run(data, out, detector, f -> {});
        long ms = (System.nanoTime() - start) / 1_000_000;
        NabResult result = NabScorer.score(data.resolve("combined_windows.json"), out, detector);
        System.out.print(result.summary());
        System.out.printf("ran in %d ms%n", ms);
    }
}
