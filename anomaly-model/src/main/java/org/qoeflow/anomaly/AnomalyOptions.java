package org.qoeflow.anomaly;

import java.util.List;

/**
 * Validated hyperparameters of the LSTM detector; one configuration serves every series.
 *
 * @param hiddenSize LSTM hidden units, in [1, 64]
 * @param bpttSteps truncated-BPTT chunk length in events, in [1, 256]
 * @param learningRate RMSprop step size, in (0, 1]
 * @param gradientClip maximum L2 norm of one chunk's gradient, in (0, 1000]
 * @param normalizerWindow horizon (events) of the running mean/std, in [2, 10^7]
 * @param warmupEvents events scored 0 while the model settles, in [0, 10^6]
 * @param forecastScales EWMA spans (events) over which forecast errors are compared with their
 *     record, 1 to 8 values each in [1, 10^4]
 * @param seasonalBins time-of-day slots of the seasonal profile, in [0, 1440]; 0 disables it
 * @param seasonalRate update rate of a profile slot per visit, in (0, 1]
 * @param seasonalDelay events after warm-up/2 before seasonal residuals are scored, in [0, 10^6]
 * @param seasonalScales EWMA spans of the seasonal residual, 1 to 8 values each in [1, 10^4]
 * @param spatialTolerance fraction of the range seen so far that a value may exceed it by before it
 *     scores 1, in [0, 10]; 0 disables the range check
 * @param suppressEvents a score that is not the highest of this many recent scores is halved, in
 *     [0, 10^4]; 0 disables suppression
 * @param alertScore score at or above which {@link Detector#alert()} is true, in (0, 1)
 * @param onlineLearning whether each series keeps training its own copy of the weights
 * @param seed seed of the weight initialisation
 * @param recordHalfLife events over which an error record halves, in [0, 10^9]; 0 keeps records
 *     forever (as on NAB's finite series); a long-running node needs decay, or one incident would
 *     blind it to every later one
 * @param recordGrowthCap a new record may be at most this many times the previous one, in {0} or
 *     [1, 10^6]; 0 = unlimited. Keeps one extreme incident from setting a record that takes days to
 *     decay
 * @param noveltyBins bins per feature of the adaptive value histogram whose surprise is scored
 *     against its records (distributional novelty of the raw value), 0 or even in [2, 256]; 0
 *     disables it (also the value of artifacts saved before this option existed)
 * @param rawTopFeatures raw score = RMS of the forecast errors of this many features with the
 *     largest errors, in [0, 1000]; 0 = all features. Anomalies in a multivariate series are
 *     usually sparse (a slow node moves its latencies, not its temperature), and an RMS over all
 *     features dilutes them
 * @param noveltyScales EWMA spans of the value surprise, 1 to 8 values each in [1, 10^4]; {@code
 *     null} means the default
 * @param seasonalSlotWeight the seasonal residual is divided by a typical residual for its time of
 *     day, this weight on the slot's own scale and the rest on the global one, in [0, 1]; 0 leaves
 *     it unscaled (also the value of artifacts saved before this option existed)
 * @param recordRateHorizon events over which each record scale measures how often it sets records,
 *     to score a record by its surprise given that rate (see {@code score.RecordScore}), in [0,
 *     10^7]; 0 scores the plain ratio to the record (also the value of artifacts saved before this
 *     option existed)
 * @param recordRatePrior record rate a scale starts from, in (0, 1); only used with a horizon
 * @param recordSharpness weight of {@code ln(value / record)} in the surprise, in (0, 1000]; only
 *     used with a horizon
 * @param alertMargin an alert also needs the raw forecast error to reach this many times the
 *     previous 1-step error record, 0 or in [1, 100]; 0 disables the margin (also the value of
 *     artifacts saved before this option existed). A score that passes {@code alertScore} but not
 *     the margin is lowered below {@code alertScore}, so the score NAB reads and the alert the job
 *     raises are one rule ({@link org.qoeflow.anomaly.score.AlertRule})
 */
public record AnomalyOptions(
        int hiddenSize,
        int bpttSteps,
        double learningRate,
        double gradientClip,
        int normalizerWindow,
        int warmupEvents,
        List<Integer> forecastScales,
        int seasonalBins,
        double seasonalRate,
        int seasonalDelay,
        List<Integer> seasonalScales,
        double spatialTolerance,
        int suppressEvents,
        double alertScore,
        boolean onlineLearning,
        long seed,
        int recordHalfLife,
        double recordGrowthCap,
        int noveltyBins,
        List<Integer> noveltyScales,
        int rawTopFeatures,
        double seasonalSlotWeight,
        int recordRateHorizon,
        double recordRatePrior,
        double recordSharpness,
        double alertMargin) {

    /** Default spans of the value-surprise records. */
    public static final List<Integer> DEFAULT_NOVELTY_SCALES = List.of(1, 10);

    public AnomalyOptions {
        checkRange("hiddenSize", hiddenSize, 1, 64);
        checkRange("bpttSteps", bpttSteps, 1, 256);
        checkOpenLow("learningRate", learningRate, 0, 1);
        checkOpenLow("gradientClip", gradientClip, 0, 1000);
        checkRange("normalizerWindow", normalizerWindow, 2, 10_000_000);
        checkRange("warmupEvents", warmupEvents, 0, 1_000_000);
        forecastScales = checkScales("forecastScales", forecastScales);
        checkRange("seasonalBins", seasonalBins, 0, 1440);
        checkOpenLow("seasonalRate", seasonalRate, 0, 1);
        checkRange("seasonalDelay", seasonalDelay, 0, 1_000_000);
        seasonalScales = checkScales("seasonalScales", seasonalScales);
        if (!(spatialTolerance >= 0 && spatialTolerance <= 10)) {
            throw invalid("spatialTolerance", spatialTolerance, "[0, 10]");
        }
        checkRange("suppressEvents", suppressEvents, 0, 10_000);
        if (!(alertScore > 0 && alertScore < 1)) {
            throw invalid("alertScore", alertScore, "(0, 1)");
        }
        checkRange("recordHalfLife", recordHalfLife, 0, 1_000_000_000);
        if (!(recordGrowthCap == 0 || (recordGrowthCap >= 1 && recordGrowthCap <= 1e6))) {
            throw invalid("recordGrowthCap", recordGrowthCap, "0 or [1, 1000000]");
        }
        if (noveltyBins != 0 && (noveltyBins < 2 || noveltyBins > 256 || noveltyBins % 2 != 0)) {
            throw invalid("noveltyBins", noveltyBins, "0 or even in [2, 256]");
        }
        checkRange("rawTopFeatures", rawTopFeatures, 0, 1000);
        noveltyScales =
                checkScales(
                        "noveltyScales",
                        noveltyScales == null ? DEFAULT_NOVELTY_SCALES : noveltyScales);
        if (!(seasonalSlotWeight >= 0 && seasonalSlotWeight <= 1)) {
            throw invalid("seasonalSlotWeight", seasonalSlotWeight, "[0, 1]");
        }
        checkRange("recordRateHorizon", recordRateHorizon, 0, 10_000_000);
        if (recordRateHorizon > 0) {
            if (!(recordRatePrior > 0 && recordRatePrior < 1)) {
                throw invalid("recordRatePrior", recordRatePrior, "(0, 1)");
            }
            checkOpenLow("recordSharpness", recordSharpness, 0, 1000);
        }
        if (!(alertMargin == 0 || (alertMargin >= 1 && alertMargin <= 100))) {
            throw invalid("alertMargin", alertMargin, "0 or [1, 100]");
        }
    }

    /**
     * The one shipped configuration: what the streaming job runs (with 12 features), what the NAB
     * run scores (with one) and what the fleet evaluation scores. See docs/anomaly.md for which
     * constants are tuned (leave-one-category-out on NAB dev) and which the deployment fixes.
     */
    public static AnomalyOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.hiddenSize = hiddenSize;
        b.bpttSteps = bpttSteps;
        b.learningRate = learningRate;
        b.gradientClip = gradientClip;
        b.normalizerWindow = normalizerWindow;
        b.warmupEvents = warmupEvents;
        b.forecastScales = forecastScales;
        b.seasonalBins = seasonalBins;
        b.seasonalRate = seasonalRate;
        b.seasonalDelay = seasonalDelay;
        b.seasonalScales = seasonalScales;
        b.spatialTolerance = spatialTolerance;
        b.suppressEvents = suppressEvents;
        b.alertScore = alertScore;
        b.onlineLearning = onlineLearning;
        b.seed = seed;
        b.recordHalfLife = recordHalfLife;
        b.recordGrowthCap = recordGrowthCap;
        b.noveltyBins = noveltyBins;
        b.noveltyScales = noveltyScales;
        b.rawTopFeatures = rawTopFeatures;
        b.seasonalSlotWeight = seasonalSlotWeight;
        b.recordRateHorizon = recordRateHorizon;
        b.recordRatePrior = recordRatePrior;
        b.recordSharpness = recordSharpness;
        b.alertMargin = alertMargin;
        return b;
    }

    private static List<Integer> checkScales(String field, List<Integer> scales) {
        if (scales == null || scales.isEmpty() || scales.size() > 8) {
            throw invalid(field, scales, "1 to 8 values");
        }
        for (Integer s : scales) {
            if (s == null || s < 1 || s > 10_000) {
                throw invalid(field, scales, "values in [1, 10000]");
            }
        }
        return List.copyOf(scales);
    }

    private static void checkRange(String field, long v, long lo, long hi) {
        if (v < lo || v > hi) {
            throw invalid(field, v, "[" + lo + ", " + hi + "]");
        }
    }

    private static void checkOpenLow(String field, double v, double lo, double hi) {
        if (!(v > lo && v <= hi)) {
            throw invalid(field, v, "(" + lo + ", " + hi + "]");
        }
    }

    private static IllegalArgumentException invalid(String field, Object v, String range) {
        return new IllegalArgumentException(
                "AnomalyOptions." + field + " = " + v + " is outside the allowed range " + range);
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private int hiddenSize = 8;
        private int bpttSteps = 8;
        private double learningRate = 0.01;
        private double gradientClip = 1.0;
        private int normalizerWindow = 2000;
        private int warmupEvents = 36;
        private List<Integer> forecastScales = List.of(1, 5, 25, 100);
        private int seasonalBins = 48;
        private double seasonalRate = 0.1;
        private int seasonalDelay = 600;
        private List<Integer> seasonalScales = List.of(10, 50);
        private double spatialTolerance = 0.02;
        private int suppressEvents = 12;
        private double alertScore = 0.5;
        private boolean onlineLearning = false;
        private long seed = 42L;
        private int recordHalfLife = 0;
        private double recordGrowthCap = 2.0;
        private int noveltyBins = 0;
        private List<Integer> noveltyScales = DEFAULT_NOVELTY_SCALES;
        private int rawTopFeatures = 3;
        private double seasonalSlotWeight = 0.5;
        private int recordRateHorizon = 3000;
        private double recordRatePrior = 0.01;
        private double recordSharpness = 16;
        private double alertMargin = 2.0;

        private Builder() {}

        public Builder hiddenSize(int v) {
            hiddenSize = v;
            return this;
        }

        public Builder bpttSteps(int v) {
            bpttSteps = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder gradientClip(double v) {
            gradientClip = v;
            return this;
        }

        public Builder normalizerWindow(int v) {
            normalizerWindow = v;
            return this;
        }

        public Builder warmupEvents(int v) {
            warmupEvents = v;
            return this;
        }

        public Builder forecastScales(List<Integer> v) {
            forecastScales = v;
            return this;
        }

        public Builder seasonalBins(int v) {
            seasonalBins = v;
            return this;
        }

        public Builder seasonalRate(double v) {
            seasonalRate = v;
            return this;
        }

        public Builder seasonalDelay(int v) {
            seasonalDelay = v;
            return this;
        }

        public Builder seasonalScales(List<Integer> v) {
            seasonalScales = v;
            return this;
        }

        public Builder spatialTolerance(double v) {
            spatialTolerance = v;
            return this;
        }

        public Builder suppressEvents(int v) {
            suppressEvents = v;
            return this;
        }

        public Builder alertScore(double v) {
            alertScore = v;
            return this;
        }

        public Builder onlineLearning(boolean v) {
            onlineLearning = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder recordHalfLife(int v) {
            recordHalfLife = v;
            return this;
        }

        public Builder recordGrowthCap(double v) {
            recordGrowthCap = v;
            return this;
        }

        public Builder noveltyBins(int v) {
            noveltyBins = v;
            return this;
        }

        public Builder rawTopFeatures(int v) {
            rawTopFeatures = v;
            return this;
        }

        public Builder noveltyScales(List<Integer> v) {
            noveltyScales = v;
            return this;
        }

        public Builder seasonalSlotWeight(double v) {
            seasonalSlotWeight = v;
            return this;
        }

        public Builder recordRateHorizon(int v) {
            recordRateHorizon = v;
            return this;
        }

        public Builder recordRatePrior(double v) {
            recordRatePrior = v;
            return this;
        }

        public Builder recordSharpness(double v) {
            recordSharpness = v;
            return this;
        }

        public Builder alertMargin(double v) {
            alertMargin = v;
            return this;
        }

        public AnomalyOptions build() {
            return new AnomalyOptions(
                    hiddenSize,
                    bpttSteps,
                    learningRate,
                    gradientClip,
                    normalizerWindow,
                    warmupEvents,
                    forecastScales,
                    seasonalBins,
                    seasonalRate,
                    seasonalDelay,
                    seasonalScales,
                    spatialTolerance,
                    suppressEvents,
                    alertScore,
                    onlineLearning,
                    seed,
                    recordHalfLife,
                    recordGrowthCap,
                    noveltyBins,
                    noveltyScales,
                    rawTopFeatures,
                    seasonalSlotWeight,
                    recordRateHorizon,
                    recordRatePrior,
                    recordSharpness,
                    alertMargin);
        }
    }
}
