package org.qoeflow.anomaly.nab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.FeatureSpec;
import org.qoeflow.anomaly.OptionOverrides;
import org.qoeflow.anomaly.lstm.ModelArtifact;

/**
 * Overfitting guard: scores a labelled NAB corpus in memory and reports the three profiles on the
 * whole corpus and on two fixed halves (files sorted by name, alternating: half A = even positions,
 * half B = odd positions), each half with its own optimal threshold.
 *
 * <p>Usage: {@code SplitEvaluation <data-dir> [detector] [--files] [option=value ...]}; an option
 * is any {@link AnomalyOptions.Builder} setter, e.g. {@code suppressEvents=100} or {@code
 * forecastScales=1,5,25}. {@code --files} adds a per-file breakdown at the corpus-optimal standard
 * threshold.
 */
public final class SplitEvaluation {
    private SplitEvaluation() {}

    /** Whole corpus, half A and half B. */
    public record Split(NabResult all, NabResult halfA, NabResult halfB) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println(
                    "usage: SplitEvaluation <data-dir> [detector] [--files] [option=value ...]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        String detector = Detectors.DEFAULT;
        boolean perFile = false;
        AnomalyOptions.Builder b = AnomalyOptions.builder();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--files")) {
                perFile = true;
            } else if (args[i].contains("=")) {
                OptionOverrides.set(b, args[i]);
            } else {
                detector = args[i];
            }
        }
        AnomalyOptions options = b.build();
        String name = detector;
        NabWindows labels = NabWindows.read(data.resolve("combined_windows.json"));
        List<NabScorer.ScoredFile> files =
                NabRunner.scoreInMemory(
                        data,
                        labels,
                        () ->
                                Detectors.create(
                                        name,
                                        ModelArtifact.untrained(
                                                options, FeatureSpec.scalar("value"))));
        Split s = split(detector, files);
        print("all", s.all());
        print("A", s.halfA());
        print("B", s.halfB());
        if (perFile) {
            double th = s.all().profiles().get(CostProfile.STANDARD).threshold();
            for (NabScorer.ScoredFile f : sorted(files)) {
                NabResult.ProfileScore p = NabScorer.evaluate(List.of(f), CostProfile.STANDARD, th);
                System.out.printf(
                        Locale.ROOT,
                        "  %-55s raw %7.3f tp %d fp %d fn %d%n",
                        f.name(),
                        p.rawScore(),
                        p.truePositives(),
                        p.falsePositives(),
                        p.falseNegatives());
            }
        }
    }

    /** Scores the whole corpus and both halves of the fixed alternating split. */
    public static Split split(String detector, List<NabScorer.ScoredFile> files) {
        List<NabScorer.ScoredFile> all = sorted(files);
        List<NabScorer.ScoredFile> a = new ArrayList<>();
        List<NabScorer.ScoredFile> b = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (i % 2 == 0 ? a : b).add(all.get(i));
        }
        return new Split(
                NabScorer.score(detector, all),
                NabScorer.score(detector, a),
                NabScorer.score(detector, b));
    }

    private static List<NabScorer.ScoredFile> sorted(List<NabScorer.ScoredFile> files) {
        List<NabScorer.ScoredFile> all = new ArrayList<>(files);
        all.sort((x, y) -> x.name().compareTo(y.name()));
        return all;
    }

    private static void print(String label, NabResult r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-4s", label));
        for (CostProfile p : CostProfile.values()) {
            NabResult.ProfileScore s = r.profiles().get(p);
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "  %s %6.2f (th %.4f tp %d fp %d fn %d)",
                            p.label(),
                            s.normalizedScore(),
                            s.threshold(),
                            s.truePositives(),
                            s.falsePositives(),
                            s.falseNegatives()));
        }
        System.out.println(sb);
    }
}
