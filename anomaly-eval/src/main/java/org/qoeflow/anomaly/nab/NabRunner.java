package org.qoeflow.anomaly.nab;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.qoeflow.anomaly.Detector;
import org.qoeflow.anomaly.FeatureSpec;

/**
 * Streams every NAB series ({@code <data>/<category>/<file>.csv}) through a fresh detector and
 * writes NAB result files {@code <out>/<detector>/<category>/<detector>_<file>.csv}.
 */
public final class NabRunner {

    private NabRunner() {}

    /** Runs the named detector (see {@link Detectors}) over every CSV under {@code data}. */
    public static List<Path> run(Path data, Path out, String detector, Consumer<String> progress) {
        return run(
                data,
                out,
                detector,
                () -> Detectors.create(detector, FeatureSpec.scalar("value")),
                progress);
    }

    /**
     * Runs detectors from {@code factory} (one per file) and names the results {@code detector}.
     */
    public static List<Path> run(
            Path data,
            Path out,
            String detector,
            Supplier<Detector> factory,
            Consumer<String> progress) {
        List<Path> inputs = listSeries(data);
        int threads =
                Math.max(1, Math.min(inputs.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Path>> futures = new ArrayList<>();
            for (Path in : inputs) {
                Path rel = data.relativize(in);
                Path target =
                        out.resolve(detector)
                                .resolve(rel.getParent())
                                .resolve(detector + "_" + rel.getFileName());
                futures.add(
                        pool.submit(
                                () -> {
                                    runFile(in, target, factory.get());
                                    progress.accept(rel.toString());
                                    return target;
                                }));
            }
            List<Path> written = new ArrayList<>();
            for (Future<Path> f : futures) {
                written.add(f.get());
            }
            return written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("NAB run failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Scores every series of a labelled corpus in memory (no files written), for tuning and tests;
     * {@code labels} keys are {@code <category>/<file>.csv} relative to {@code data}.
     */
    public static List<NabScorer.ScoredFile> scoreInMemory(
            Path data, NabWindows labels, Supplier<Detector> factory) {
        List<NabScorer.ScoredFile> out = new ArrayList<>();
        List<String> files = labels.files();
        List<double[]> scores =
                files.parallelStream()
                        .map(f -> scoreSeries(data.resolve(f), factory.get()))
                        .toList();
        for (int i = 0; i < files.size(); i++) {
            out.add(
                    new NabScorer.ScoredFile(
                            files.get(i),
                            scores.get(i),
                            NabWindows.toIndexRanges(
                                    labels.windows(files.get(i)),
                                    timestamps(data.resolve(files.get(i))))));
        }
        return out;
    }

    private static double[] scoreSeries(Path csv, Detector detector) {
        List<String[]> rows = readRows(csv);
        double[] scores = new double[rows.size()];
        double[] x = new double[1];
        for (int i = 0; i < scores.length; i++) {
            x[0] = Double.parseDouble(rows.get(i)[1]);
            long millis = NabWindows.parse(rows.get(i)[0]).toInstant(ZoneOffset.UTC).toEpochMilli();
            scores[i] = detector.score(millis, x);
        }
        return scores;
    }

    private static java.time.LocalDateTime[] timestamps(Path csv) {
        return readRows(csv).stream()
                .map(r -> NabWindows.parse(r[0]))
                .toArray(java.time.LocalDateTime[]::new);
    }

    /** Rows of a {@code timestamp,value} CSV, header and blank lines skipped. */
    public static List<String[]> readRows(Path csv) {
        try {
            List<String> lines = Files.readAllLines(csv);
            List<String[]> rows = new ArrayList<>(lines.size());
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.isBlank()) {
                    int comma = line.indexOf(',');
                    rows.add(
                            new String[] {
                                line.substring(0, comma).trim(), line.substring(comma + 1).trim()
                            });
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }

    /** All {@code <category>/<file>.csv} files under {@code data}, sorted. */
    public static List<Path> listSeries(Path data) {
        try (Stream<Path> s = Files.walk(data, 2)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .filter(p -> data.relativize(p).getNameCount() == 2)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + data, e);
        }
    }

    /** Scores one {@code timestamp,value} CSV into a NAB result CSV, same rows, same order. */
    public static void runFile(Path in, Path target, Detector detector) throws IOException {
        Files.createDirectories(target.getParent());
        List<String> lines = Files.readAllLines(in);
        double[] x = new double[1];
        try (BufferedWriter w = Files.newBufferedWriter(target)) {
            w.write("timestamp,value,anomaly_score,label\n");
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                int comma = line.indexOf(',');
                String ts = line.substring(0, comma).trim();
                String value = line.substring(comma + 1).trim();
                long millis = NabWindows.parse(ts).toInstant(ZoneOffset.UTC).toEpochMilli();
                x[0] = Double.parseDouble(value);
                double s = detector.score(millis, x);
                if (!(s >= 0.0 && s <= 1.0)) {
                    throw new IllegalStateException(
                            detector.name() + " produced score " + s + " at " + in + ":" + (i + 1));
                }
                w.write(ts + "," + value + "," + s + ",0\n");
            }
        }
    }
}
