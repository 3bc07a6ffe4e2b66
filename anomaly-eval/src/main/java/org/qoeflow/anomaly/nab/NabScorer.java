package org.qoeflow.anomaly.nab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Implements the NAB scoring rules: scaled-sigmoid weighted windows, probation, three cost
 * profiles, one corpus-wide optimal threshold per profile, normalization against the null detector.
 */
public final class NabScorer {

    private NabScorer() {}

    /** One scored series: its anomaly scores and labelled windows as inclusive index ranges. */
    public record ScoredFile(String name, double[] scores, List<int[]> windows) {
        public int probation() {
            return probationRows(scores.length);
        }
    }

    /** Rows at the start of a file that NAB does not score. */
    public static int probationRows(int rows) {
        return Math.min((int) Math.floor(0.15 * rows), 750);
    }

    /** NAB's scaled sigmoid: {@code 2 / (1 + e^(5y)) - 1}, and -1 beyond {@code y > 3}. */
    public static double scaledSigmoid(double y) {
        if (y > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * y)) - 1.0;
    }

    /** Reads the detector's result files under {@code resultsDir/<detector>} and scores them. */
    public static NabResult score(Path labels, Path resultsDir, String detector) {
        NabWindows windows = NabWindows.read(labels);
        List<ScoredFile> files = new ArrayList<>();
        for (String key : windows.files()) {
            int slash = key.lastIndexOf('/');
            String category = key.substring(0, slash);
            String file = key.substring(slash + 1);
            Path result =
                    resultsDir.resolve(detector).resolve(category).resolve(detector + "_" + file);
            if (!Files.exists(result)) {
                throw new IllegalArgumentException("missing result file " + result);
            }
            files.add(readResult(key, result, windows));
        }
        return score(detector, files);
    }

    private static ScoredFile readResult(String key, Path result, NabWindows windows) {
        try {
            List<String> lines = Files.readAllLines(result);
            int n = lines.size() - 1;
            LocalDateTime[] ts = new LocalDateTime[n];
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                String[] cols = lines.get(i + 1).split(",");
                ts[i] = NabWindows.parse(cols[0]);
                scores[i] = Double.parseDouble(cols[2]);
            }
            return new ScoredFile(key, scores, NabWindows.toIndexRanges(windows.windows(key), ts));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + result, e);
        }
    }

    /** Scores in-memory series for every profile, optimizing each profile's threshold. */
    public static NabResult score(String detector, List<ScoredFile> files) {
        Map<CostProfile, NabResult.ProfileScore> out = new EnumMap<>(CostProfile.class);
        for (CostProfile p : CostProfile.values()) {
            out.put(p, optimize(files, p));
        }
        return new NabResult(detector, out);
    }

    /**
     * Relative positions of every row: for rows in a window the (negative) position inside it, for
     * other rows the distance past the preceding window ({@code +inf} when there is none).
     */
    static double[] positions(int rows, List<int[]> windows) {
        double[] y = new double[rows];
        int next = 0;
        int[] prev = null;
        for (int i = 0; i < rows; i++) {
            while (next < windows.size() && windows.get(next)[1] < i) {
                prev = windows.get(next++);
            }
            int[] w = next < windows.size() ? windows.get(next) : null;
            if (w != null && i >= w[0]) {
                y[i] = -(double) (w[1] - i + 1) / (w[1] - w[0] + 1);
            } else if (prev == null) {
                y[i] = Double.POSITIVE_INFINITY;
            } else {
                int width = prev[1] - prev[0] + 1;
                y[i] =
                        width > 1
                                ? Math.abs(prev[1] - i) / (double) (width - 1)
                                : Double.POSITIVE_INFINITY;
            }
        }
        return y;
    }

    /** Raw score of one profile at a fixed threshold (detection when score >= threshold). */
    public static NabResult.ProfileScore evaluate(
            List<ScoredFile> files, CostProfile p, double threshold) {
        double raw = 0;
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int windows = 0;
        double norm = scaledSigmoid(-1.0);
        for (ScoredFile f : files) {
            double[] y = positions(f.scores().length, f.windows());
            double[] best = new double[f.windows().size()];
            Arrays.fill(best, Double.NaN);
            windows += best.length;
            for (int i = f.probation(); i < f.scores().length; i++) {
                if (f.scores()[i] < threshold) {
                    continue;
                }
                int w = windowOf(f.windows(), i);
                if (w >= 0) {
                    double s = p.tpWeight() * scaledSigmoid(y[i]) / norm;
                    best[w] = Double.isNaN(best[w]) ? s : Math.max(best[w], s);
                } else {
                    raw += p.fpWeight() * scaledSigmoid(y[i]);
                    fp++;
                }
            }
            for (double b : best) {
                if (Double.isNaN(b)) {
                    raw -= p.fnWeight();
                    fn++;
                } else {
                    raw += b;
                    tp++;
                }
            }
        }
        return result(p, threshold, raw, windows, tp, fp, fn);
    }

    private static NabResult.ProfileScore result(
            CostProfile p, double threshold, double raw, int windows, int tp, int fp, int fn) {
        double nullScore = -p.fnWeight() * windows;
        double perfect = p.tpWeight() * windows;
        double normalized = windows == 0 ? 0.0 : 100.0 * (raw - nullScore) / (perfect - nullScore);
        return new NabResult.ProfileScore(
                threshold, raw, nullScore, perfect, normalized, tp, fp, fn);
    }

    private static int windowOf(List<int[]> windows, int i) {
        for (int w = 0; w < windows.size(); w++) {
            if (i >= windows.get(w)[0] && i <= windows.get(w)[1]) {
                return w;
            }
        }
        return -1;
    }

    /** Sweeps every distinct score as a threshold, highest first, and keeps the best raw score. */
    static NabResult.ProfileScore optimize(List<ScoredFile> files, CostProfile p) {
        List<double[]> rows = new ArrayList<>(); // {score, global window id or -1, sigmoid}
        int windowBase = 0;
        double norm = scaledSigmoid(-1.0);
        for (ScoredFile f : files) {
            double[] y = positions(f.scores().length, f.windows());
            for (int i = f.probation(); i < f.scores().length; i++) {
                int w = windowOf(f.windows(), i);
                rows.add(
                        new double[] {
                            f.scores()[i], w < 0 ? -1 : windowBase + w, scaledSigmoid(y[i])
                        });
            }
            windowBase += f.windows().size();
        }
        rows.sort((a, b) -> Double.compare(b[0], a[0]));
        double[] bestInWindow = new double[windowBase];
        Arrays.fill(bestInWindow, Double.NaN);
        double raw = -p.fnWeight() * windowBase;
        double bestRaw = raw;
        double bestThreshold = rows.isEmpty() ? 1.0 : Math.nextUp(Math.max(rows.get(0)[0], 1.0));
        for (int k = 0; k < rows.size(); k++) {
            double[] r = rows.get(k);
            int w = (int) r[1];
            if (w >= 0) {
                double s = p.tpWeight() * r[2] / norm;
                if (Double.isNaN(bestInWindow[w])) {
                    raw += p.fnWeight() + s;
                    bestInWindow[w] = s;
                } else if (s > bestInWindow[w]) {
                    raw += s - bestInWindow[w];
                    bestInWindow[w] = s;
                }
            } else {
                raw += p.fpWeight() * r[2];
            }
            boolean groupEnds = k + 1 == rows.size() || rows.get(k + 1)[0] != r[0];
            if (groupEnds && raw > bestRaw + 1e-12) {
                bestRaw = raw;
                bestThreshold = r[0];
            }
        }
        return evaluate(files, p, bestThreshold);
    }
}
