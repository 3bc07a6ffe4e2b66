package org.qoeflow.anomaly.nab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Leave-one-category-out tuning: for each category, every tuned value (a variant of the declared
 * grid, threshold included) is chosen on the other categories and the held-out category is scored
 * with that choice. A category without labelled windows has no normalized score (NAB normalizes by
 * the windows), so its fold reports only its false positives and is left out of the mean; its files
 * still count as false positives in every other fold's tuning.
 */
public final class Loco {
    private Loco() {}

    /**
     * One fold.
     *
     * @param variant the grid variant chosen on the other categories
     * @param threshold the threshold chosen with it
     * @param heldOut the held-out category's score at that choice (NaN without windows)
     */
    public record Fold(
            String category,
            String variant,
            double threshold,
            double heldOut,
            int truePositives,
            int falsePositives,
            int falseNegatives) {}

    /** All folds of one profile and their mean over the scorable categories. */
    public record Result(CostProfile profile, List<Fold> folds) {
        public double mean() {
            return folds.stream()
                    .mapToDouble(Fold::heldOut)
                    .filter(d -> !Double.isNaN(d))
                    .average()
                    .orElse(Double.NaN);
        }
    }

    /** The category of a {@code <category>/<file>} name. */
    public static String category(String file) {
        int slash = file.lastIndexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("file " + file + " has no <category>/ prefix");
        }
        return file.substring(0, slash);
    }

    /**
     * One point of the tuning grid: its scored files (the same files for every variant) and the
     * threshold its alert rule alerts at.
     */
    public record Variant(String name, double threshold, List<NabScorer.ScoredFile> files) {}

    /**
     * Runs every fold for {@code profile}: the variant with the best score on the other categories
     * (ties go to the first in {@code variants}) scores the held-out one.
     */
    public static Result run(List<Variant> variants, CostProfile profile) {
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("no variants to choose from");
        }
        TreeSet<String> categories = new TreeSet<>();
        variants.get(0).files().forEach(f -> categories.add(category(f.name())));
        if (categories.size() < 2) {
            throw new IllegalArgumentException(
                    "leave-one-category-out needs at least 2 categories, got " + categories);
        }
        List<Fold> folds = new ArrayList<>();
        for (String held : categories) {
            Variant best = choose(variants, profile, held);
            NabResult.ProfileScore s =
                    NabScorer.evaluate(split(best.files(), held, true), profile, best.threshold());
            boolean scorable = s.truePositives() + s.falseNegatives() > 0;
            folds.add(
                    new Fold(
                            held,
                            best.name(),
                            best.threshold(),
                            scorable ? s.normalizedScore() : Double.NaN,
                            s.truePositives(),
                            s.falsePositives(),
                            s.falseNegatives()));
        }
        return new Result(profile, folds);
    }

    /** The variant chosen on every file, as a default would be. */
    public static Variant chooseOnAll(List<Variant> variants, CostProfile profile) {
        return choose(variants, profile, null);
    }

    private static Variant choose(List<Variant> variants, CostProfile profile, String heldOut) {
        Variant best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Variant v : variants) {
            List<NabScorer.ScoredFile> train =
                    heldOut == null ? v.files() : split(v.files(), heldOut, false);
            double s = NabScorer.evaluate(train, profile, v.threshold()).normalizedScore();
            if (s > bestScore + 1e-9) {
                bestScore = s;
                best = v;
            }
        }
        return best;
    }

    /** Per category: the files of a variant scored at a fixed threshold. */
    public static Map<String, NabResult.ProfileScore> perCategory(
            List<NabScorer.ScoredFile> files, CostProfile profile, double threshold) {
        Map<String, List<NabScorer.ScoredFile>> by = new LinkedHashMap<>();
        new TreeSet<>(files.stream().map(f -> category(f.name())).toList())
                .forEach(c -> by.put(c, new ArrayList<>()));
        files.forEach(f -> by.get(category(f.name())).add(f));
        Map<String, NabResult.ProfileScore> out = new LinkedHashMap<>();
        by.forEach((c, fs) -> out.put(c, NabScorer.evaluate(fs, profile, threshold)));
        return out;
    }

    private static List<NabScorer.ScoredFile> split(
            List<NabScorer.ScoredFile> files, String category, boolean in) {
        return files.stream().filter(f -> category(f.name()).equals(category) == in).toList();
    }
}
