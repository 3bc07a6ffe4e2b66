package org.qoeflow.anomaly.nab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.qoeflow.anomaly.AnomalyOptions;

/**
 * Prints what {@code qoeflow anomaly evaluate} reports: the shipped configuration on all of the
 * corpus, its leave-one-category-out folds, a per-category table and the ablation.
 */
public final class EvaluationReport {
    private EvaluationReport() {}

    /** {@code EvaluationReport <data-dir> [option=value ...]}: the protocol without the CLI. */
    public static void main(String[] args) {
        AnomalyOptions o =
                org.qoeflow.anomaly.OptionOverrides.apply(
                        AnomalyOptions.defaults(), List.of(args).subList(1, args.length));
        run(
                new DetectorEvaluation(java.nio.file.Path.of(args[0]), o, System.err::println),
                o,
                DetectorEvaluation.ablations(DetectorEvaluation.GRID, o),
                System.out::println,
                System.err::println);
    }

    /** Runs the whole protocol, printing tables to {@code out} and progress to {@code progress}. */
    public static void run(
            DetectorEvaluation eval,
            AnomalyOptions shipped,
            List<DetectorEvaluation.Ablation> ablations,
            Consumer<String> out,
            Consumer<String> progress) {
        List<NabScorer.ScoredFile> files = eval.shippedScores();
        out.accept("## Shipped configuration, all of the corpus");
        out.accept(
                String.format(
                        Locale.ROOT,
                        "alert rule: score >= %s, suppression %d events, margin %s (the job's rule)",
                        DetectorEvaluation.trim(shipped.alertScore()),
                        shipped.suppressEvents(),
                        DetectorEvaluation.trim(shipped.alertMargin())));
        out.accept("| threshold | standard | low FP | low FN | tp / fp / fn (standard) |");
        out.accept("|---|---|---|---|---|");
        out.accept(row("the alert score (as deployed)", fixed(files, shipped.alertScore())));
        out.accept(row("NAB's optimum per profile", NabScorer.score("shipped", files)));

        List<DetectorEvaluation.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < ablations.size(); i++) {
            DetectorEvaluation.Ablation a = ablations.get(i);
            progress.accept(
                    String.format(
                            Locale.ROOT,
                            "ablation %d of %d: %s (%d grid points)",
                            i + 1,
                            ablations.size(),
                            a.name(),
                            a.grid().size()));
            outcomes.add(eval.evaluate(a));
        }
        DetectorEvaluation.Outcome base = outcomes.get(0);
        out.accept("");
        out.accept(
                "## Leave-one-category-out, shipped alert rule (the rest of the grid chosen on the"
                        + " other categories)");
        out.accept(
                "| held-out category | standard | low FP | low FN | tp / fp / fn (standard) | chosen (standard) |");
        out.accept("|---|---|---|---|---|---|");
        List<Loco.Fold> std = base.loco().get(CostProfile.STANDARD).folds();
        for (int k = 0; k < std.size(); k++) {
            Loco.Fold f = std.get(k);
            out.accept(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %d / %d / %d | %s |",
                            f.category(),
                            num(f.heldOut()),
                            num(
                                    base.loco()
                                            .get(CostProfile.REWARD_LOW_FP_RATE)
                                            .folds()
                                            .get(k)
                                            .heldOut()),
                            num(
                                    base.loco()
                                            .get(CostProfile.REWARD_LOW_FN_RATE)
                                            .folds()
                                            .get(k)
                                            .heldOut()),
                            f.truePositives(),
                            f.falsePositives(),
                            f.falseNegatives(),
                            f.variant()));
        }
        out.accept(
                String.format(
                        Locale.ROOT,
                        "| **mean** | **%s** | **%s** | **%s** | | |",
                        num(base.loco().get(CostProfile.STANDARD).mean()),
                        num(base.loco().get(CostProfile.REWARD_LOW_FP_RATE).mean()),
                        num(base.loco().get(CostProfile.REWARD_LOW_FN_RATE).mean())));
        out.accept(
                "(a category without labelled windows has no normalized score: its false positives are shown, and it is left out of the mean)");

        out.accept("");
        out.accept("## Per category (shipped configuration at its alert score)");
        out.accept("| category | standard | low FP | low FN | tp / fp / fn |");
        out.accept("|---|---|---|---|---|");
        Map<String, NabResult.ProfileScore> s =
                Loco.perCategory(files, CostProfile.STANDARD, shipped.alertScore());
        Map<String, NabResult.ProfileScore> lfp =
                Loco.perCategory(files, CostProfile.REWARD_LOW_FP_RATE, shipped.alertScore());
        Map<String, NabResult.ProfileScore> lfn =
                Loco.perCategory(files, CostProfile.REWARD_LOW_FN_RATE, shipped.alertScore());
        s.forEach(
                (c, p) -> {
                    boolean scorable = p.truePositives() + p.falseNegatives() > 0;
                    out.accept(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %s | %s | %s | %d / %d / %d |",
                                    c,
                                    scorable ? num(p.normalizedScore()) : "-",
                                    scorable ? num(lfp.get(c).normalizedScore()) : "-",
                                    scorable ? num(lfn.get(c).normalizedScore()) : "-",
                                    p.truePositives(),
                                    p.falsePositives(),
                                    p.falseNegatives()));
                });

        out.accept("");
        out.accept("## Ablation (each scored the same way: grid chosen per fold)");
        out.accept(
                "| configuration | all-dev standard (grid chosen on all) | LOCO standard | LOCO low FP | LOCO low FN | LOCO standard vs whole grid |");
        out.accept("|---|---|---|---|---|---|");
        DetectorEvaluation.Outcome tuned = outcomes.size() > 1 ? outcomes.get(1) : base;
        double ref = tuned.loco().get(CostProfile.STANDARD).mean();
        for (DetectorEvaluation.Outcome o : outcomes) {
            Loco.Variant v = o.allDev().get(CostProfile.STANDARD);
            double all =
                    NabScorer.evaluate(v.files(), CostProfile.STANDARD, v.threshold())
                            .normalizedScore();
            double loco = o.loco().get(CostProfile.STANDARD).mean();
            out.accept(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %+.2f |",
                            o.name(),
                            num(all),
                            num(loco),
                            num(o.loco().get(CostProfile.REWARD_LOW_FP_RATE).mean()),
                            num(o.loco().get(CostProfile.REWARD_LOW_FN_RATE).mean()),
                            loco - ref));
        }
        out.accept(
                "all-dev choice, shipped alert rule (standard): "
                        + base.allDev().get(CostProfile.STANDARD).name());
        out.accept(
                "all-dev choice, whole grid (standard): "
                        + tuned.allDev().get(CostProfile.STANDARD).name());
    }

    private static NabResult fixed(List<NabScorer.ScoredFile> files, double threshold) {
        Map<CostProfile, NabResult.ProfileScore> m = new java.util.EnumMap<>(CostProfile.class);
        for (CostProfile p : CostProfile.values()) {
            m.put(p, NabScorer.evaluate(files, p, threshold));
        }
        return new NabResult("shipped", m);
    }

    private static String row(String label, NabResult r) {
        NabResult.ProfileScore st = r.profiles().get(CostProfile.STANDARD);
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %d / %d / %d |",
                label,
                num(r.standard()),
                num(r.rewardLowFpRate()),
                num(r.rewardLowFnRate()),
                st.truePositives(),
                st.falsePositives(),
                st.falseNegatives());
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.2f", d);
    }
}
