package org.qoeflow.anomaly.nab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.qoeflow.anomaly.AnomalyOptions;

/**
 * The evaluation protocol of {@code qoeflow anomaly evaluate}: the shipped detector configuration
 * scored on the whole labelled corpus, leave-one-category-out over a small declared grid of the
 * tuned constants, per category, and an ablation that takes each component out in turn and scores
 * it the same way. Detector outputs are cached per configuration; alert-rule settings are replayed
 * on them ({@link SeriesOutputs#scored}).
 */
public final class DetectorEvaluation {

    /**
     * The constants that are tuned, and their declared values: record sharpness (a detector run
     * each), and the alert rule's score, suppression window and margin (replayed on the cached
     * outputs). Every alert alerts at its own alert score, so NAB scores the alert rule itself.
     */
    public record Grid(
            List<Double> recordSharpness,
            List<Double> alertScore,
            List<Integer> suppressEvents,
            List<Double> alertMargin) {
        public Grid {
            for (List<?> l : List.of(recordSharpness, alertScore, suppressEvents, alertMargin)) {
                if (l.isEmpty()) {
                    throw new IllegalArgumentException("every grid axis needs a value");
                }
            }
            recordSharpness = List.copyOf(recordSharpness);
            alertScore = List.copyOf(alertScore);
            suppressEvents = List.copyOf(suppressEvents);
            alertMargin = List.copyOf(alertMargin);
        }

        int size() {
            return recordSharpness.size()
                    * alertScore.size()
                    * suppressEvents.size()
                    * alertMargin.size();
        }
    }

    /** The grid {@code evaluate} tunes over (36 points, 3 detector runs per configuration). */
    public static final Grid GRID =
            new Grid(
                    List.of(16.0, 8.0, 32.0),
                    List.of(0.5, 0.45, 0.55),
                    List.of(12, 75),
                    List.of(2.0, 0.0));

    static final String SHIPPED_RULE =
            "shipped alert rule (suppression, margin as the job runs them)";
    static final String TUNED_RULE = "alert rule tuned on NAB too (whole grid)";

    /** One component taken out (or put in) of the shipped configuration. */
    public record Ablation(String name, UnaryOperator<AnomalyOptions.Builder> change, Grid grid) {}

    /**
     * The ablations of {@code evaluate}: first the shipped alert rule (suppression and margin fixed
     * at the shipped values, as the job runs them; the rest of the grid tuned), then the design
     * with the whole grid tuned on NAB, then each component changed in turn on the whole grid.
     */
    public static List<Ablation> ablations(Grid g, AnomalyOptions shipped) {
        Grid fixedRule =
                new Grid(
                        g.recordSharpness(),
                        g.alertScore(),
                        List.of(shipped.suppressEvents()),
                        List.of(shipped.alertMargin()));
        Grid noSuppress =
                new Grid(g.recordSharpness(), g.alertScore(), List.of(0), g.alertMargin());
        Grid noMargin =
                new Grid(g.recordSharpness(), g.alertScore(), g.suppressEvents(), List.of(0.0));
        Grid oneSharpness =
                new Grid(List.of(16.0), g.alertScore(), g.suppressEvents(), g.alertMargin());
        return List.of(
                new Ablation(SHIPPED_RULE, b -> b, fixedRule),
                new Ablation(TUNED_RULE, b -> b, g),
                new Ablation("LSTM learning online", b -> b.onlineLearning(true), g),
                new Ablation("no seasonal profile", b -> b.seasonalBins(0), g),
                new Ablation("no time-of-day scaling", b -> b.seasonalSlotWeight(0), g),
                new Ablation(
                        "no record-rate calibration", b -> b.recordRateHorizon(0), oneSharpness),
                new Ablation(
                        "one record scale per stream",
                        b -> b.forecastScales(List.of(1)).seasonalScales(List.of(10)),
                        g),
                new Ablation("no range check", b -> b.spatialTolerance(0), g),
                new Ablation("no suppressor", b -> b, noSuppress),
                new Ablation("no alert margin", b -> b, noMargin),
                new Ablation("with value novelty", b -> b.noveltyBins(32), g),
                new Ablation("records halve over 720 events", b -> b.recordHalfLife(720), g));
    }

    /** What one configuration (an ablation) scored. */
    public record Outcome(
            String name,
            Map<CostProfile, Loco.Variant> allDev,
            Map<CostProfile, Loco.Result> loco) {}

    private final Path data;
    private final NabWindows labels;
    private final AnomalyOptions shipped;
    private final Consumer<String> progress;
    private final Map<AnomalyOptions, List<SeriesOutputs>> cache = new HashMap<>();

    public DetectorEvaluation(Path data, AnomalyOptions shipped, Consumer<String> progress) {
        Path json = data.resolve("combined_windows.json");
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException(
                    "no labels at " + json + ": DATA must be a NAB-layout folder");
        }
        this.data = data;
        this.labels = NabWindows.read(json);
        this.shipped = shipped;
        this.progress = progress;
    }

    /** Scores one ablation: LOCO and all-dev choice over its grid, for every profile. */
    public Outcome evaluate(Ablation a) {
        List<Loco.Variant> variants = variants(a);
        Map<CostProfile, Loco.Variant> all = new java.util.EnumMap<>(CostProfile.class);
        Map<CostProfile, Loco.Result> loco = new java.util.EnumMap<>(CostProfile.class);
        for (CostProfile p : CostProfile.values()) {
            all.put(p, Loco.chooseOnAll(variants, p));
            loco.put(p, Loco.run(variants, p));
        }
        return new Outcome(a.name(), all, loco);
    }

    /** The shipped configuration's outputs, scored with its own alert rule. */
    public List<NabScorer.ScoredFile> shippedScores() {
        return outputs(shipped).stream()
                .map(
                        s ->
                                s.scored(
                                        shipped.alertScore(),
                                        shipped.suppressEvents(),
                                        shipped.alertMargin()))
                .toList();
    }

    List<Loco.Variant> variants(Ablation a) {
        Grid g = a.grid();
        List<Loco.Variant> out = new ArrayList<>(g.size());
        for (double sharp : g.recordSharpness()) {
            AnomalyOptions o = a.change().apply(shipped.toBuilder().recordSharpness(sharp)).build();
            List<SeriesOutputs> series = outputs(o);
            for (double score : g.alertScore()) {
                for (int supp : g.suppressEvents()) {
                    for (double margin : g.alertMargin()) {
                        List<NabScorer.ScoredFile> files =
                                series.stream().map(s -> s.scored(score, supp, margin)).toList();
                        String name =
                                String.format(
                                        Locale.ROOT,
                                        "sharpness %s, alert %s, suppress %d, margin %s",
                                        trim(sharp),
                                        trim(score),
                                        supp,
                                        trim(margin));
                        out.add(new Loco.Variant(name, score, files));
                    }
                }
            }
        }
        return out;
    }

    private List<SeriesOutputs> outputs(AnomalyOptions o) {
        List<SeriesOutputs> cached = cache.get(o);
        if (cached == null) {
            long t0 = System.nanoTime();
            cached = SeriesOutputs.run(data, labels, o);
            cache.put(o, cached);
            progress.accept(
                    String.format(
                            Locale.ROOT,
                            "  detector run %d done (%.1f s)",
                            cache.size(),
                            (System.nanoTime() - t0) / 1e9));
        }
        return cached;
    }

    static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
