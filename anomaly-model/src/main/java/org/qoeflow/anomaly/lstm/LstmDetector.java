package org.qoeflow.anomaly.lstm;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.FeatureSpec;
import org.qoeflow.anomaly.Ranking;
import org.qoeflow.anomaly.StatefulDetector;
import org.qoeflow.anomaly.score.AlertRule;
import org.qoeflow.anomaly.score.RecordScore;
import org.qoeflow.anomaly.score.RunningNormalizer;
import org.qoeflow.anomaly.score.SeasonalProfile;
import org.qoeflow.anomaly.score.ValueNovelty;

/**
 * LSTM forecast-error detector: standardizes the features, forecasts the next step online, and
 * scores forecast errors and seasonal residuals against their multi-timescale records, with a range
 * check and burst suppression.
 */
public final class LstmDetector implements StatefulDetector {
    /** Version 4 writes the seasonal profile's values in the 16 bits the model keeps them in. */
    private static final byte STATE_VERSION = 4;

    /**
     * Version 3 keeps only the visited seasonal slots (values as floats) and, without online
     * learning, the LSTM's h, c and forecast instead of its chunk trajectory.
     */
    private static final byte FLOAT_PROFILE_VERSION = 3;

    /** Version 2 added record rates and seasonal scales, and drops disabled novelty records. */
    private static final byte PREVIOUS_STATE_VERSION = 2;

    private static final byte LEGACY_STATE_VERSION = 1;

    /** Normalized inputs are clipped so that one outlier cannot wreck the weights. */
    private static final double INPUT_CLIP = 10.0;

    private final ModelArtifact model;
    private final AnomalyOptions o;
    private final LstmNet net;
    private final int d;
    private final double[] u;
    private final double[] contribution;
    private final boolean[] picked;
    private RunningNormalizer normalizer;
    private OnlineLstm lstm;
    private SeasonalProfile season;
    private RecordScore forecastRecords;
    private RecordScore seasonalRecords;
    private ValueNovelty novelty;
    private RecordScore noveltyRecords;
    private AlertRule rule;
    private ByteBuffer scratch;
    private long count;
    private double raw;
    private double score;
    private double recordScore;
    private double previousRecord;

    public LstmDetector(ModelArtifact model) {
        this.model = model;
        this.o = model.options();
        this.d = model.features().dimension();
        this.net = network(o, model.features());
        this.u = new double[d];
        this.contribution = new double[d];
        this.picked = new boolean[d];
        reset();
    }

    /** The network shape used for a model's options and features. */
    public static LstmNet network(AnomalyOptions o, FeatureSpec features) {
        return new LstmNet(features.dimension(), o.hiddenSize());
    }

    @Override
    public void reset() {
        normalizer = new RunningNormalizer(d, o.normalizerWindow());
        lstm =
                new OnlineLstm(
                        net,
                        model.weights(),
                        o.onlineLearning(),
                        o.bpttSteps(),
                        o.learningRate(),
                        o.gradientClip());
        season =
                new SeasonalProfile(
                        o.seasonalBins(),
                        d,
                        o.seasonalRate(),
                        o.seasonalSlotWeight(),
                        o.normalizerWindow());
        forecastRecords = records(o.forecastScales());
        seasonalRecords = records(o.seasonalScales());
        novelty = new ValueNovelty(o.noveltyBins(), d);
        noveltyRecords = records(o.noveltyScales());
        rule = new AlertRule(o.alertScore(), o.suppressEvents(), o.alertMargin());
        count = 0;
        raw = 0;
        score = 0;
        recordScore = Double.NaN;
        previousRecord = 0;
    }

    private RecordScore records(List<Integer> scales) {
        return new RecordScore(
                scales,
                o.recordHalfLife(),
                o.recordGrowthCap(),
                o.recordRateHorizon(),
                o.recordRatePrior(),
                o.recordSharpness());
    }

    @Override
    public double score(long timestampMillis, double[] x) {
        if (x.length != d) {
            throw new IllegalArgumentException("expected " + d + " features, got " + x.length);
        }
        count++;
        boolean outOfRange = normalizer.outsideRange(x, o.spatialTolerance());
        normalizer.normalize(x, u);
        raw = 0;
        if (lstm.hasPrediction()) {
            double[] p = lstm.prediction();
            for (int j = 0; j < d; j++) {
                double e = u[j] - p[j];
                contribution[j] = Math.abs(e);
                raw += e * e;
            }
            int k = o.rawTopFeatures();
            if (k > 0 && k < d) {
                raw = topSquares(contribution, k);
                raw = Math.sqrt(raw / k);
            } else {
                raw = Math.sqrt(raw / d);
            }
        }
        for (int j = 0; j < d; j++) {
            u[j] = Math.max(-INPUT_CLIP, Math.min(INPUT_CLIP, u[j]));
        }
        double seasonal = season.update(timestampMillis, u);
        if (season.enabled()) {
            for (int j = 0; j < d; j++) {
                contribution[j] += season.residual()[j];
            }
        }
        double surprise = novelty.update(x);
        lstm.observe(u);
        normalizer.update(x);
        score = 0;
        recordScore = Double.NaN;
        previousRecord = forecastRecords.threshold();
        long warm = o.warmupEvents() / 2;
        if (count > warm) {
            double s = forecastRecords.update(raw);
            if (season.enabled() && count > warm + o.seasonalDelay()) {
                s = Math.max(s, seasonalRecords.update(seasonal));
            }
            if (novelty.enabled()) {
                s = Math.max(s, noveltyRecords.update(surprise));
            }
            if (count > o.warmupEvents()) {
                recordScore = outOfRange ? 1.0 : s;
                score = rule.apply(recordScore, raw, previousRecord);
            }
        }
        return score;
    }

    /** Sum of the {@code k} largest squares of {@code v} (k is small: repeated selection). */
    private double topSquares(double[] v, int k) {
        java.util.Arrays.fill(picked, false);
        double sum = 0;
        for (int n = 0; n < k; n++) {
            int at = -1;
            for (int j = 0; j < v.length; j++) {
                if (!picked[j] && (at < 0 || v[j] > v[at])) {
                    at = j;
                }
            }
            picked[at] = true;
            sum += v[at] * v[at];
        }
        return sum;
    }

    @Override
    public double rawScore() {
        return raw;
    }

    @Override
    public double threshold() {
        return rule.rawThreshold(forecastRecords.threshold());
    }

    @Override
    public boolean alert() {
        return score >= o.alertScore();
    }

    /**
     * The last event's score before the {@link AlertRule} (1 for a range hit), NaN while it is not
     * scored (warm-up): with {@link #rawScore()} and {@link #previousRecord()} all an evaluation
     * needs to replay the alert rule under other settings.
     */
    public double recordScore() {
        return recordScore;
    }

    /** The 1-step forecast-error record before the last event. */
    public double previousRecord() {
        return previousRecord;
    }

    @Override
    public int[] topFeatures(int k) {
        return Ranking.topIndexes(contribution, k);
    }

    @Override
    public String name() {
        return "lstm";
    }

    /** Events seen by this series. */
    public long count() {
        return count;
    }

    /** Upper bound of {@link #snapshot()}'s length for these options and features. */
    public int maxStateBytes() {
        int h = o.hiddenSize();
        int online = o.onlineLearning() ? 8 * net.size() : 0;
        boolean calibrated = o.recordRateHorizon() > 0;
        // with learning: chunk start h/c, then the chunk inputs (1..bpttSteps events) or, before
        // the first event only, the current h/c; without: h/c and the forecast
        int lstmBytes =
                o.onlineLearning()
                        ? 3 + 16 * h + Math.max(16 * h, 8 * o.bpttSteps() * d) + online
                        : 1 + 16 * h + 8 * d;
        return 25
                + 4 * d
                + (8 + 32 * d)
                + lstmBytes
                + SeasonalProfile.sparseStateBytes(o.seasonalBins(), d, o.seasonalSlotWeight())
                + RecordScore.stateBytes(o.forecastScales().size(), calibrated)
                + RecordScore.stateBytes(o.seasonalScales().size(), calibrated)
                + ValueNovelty.stateBytes(o.noveltyBins(), d)
                + (o.noveltyBins() > 0
                        ? RecordScore.stateBytes(o.noveltyScales().size(), calibrated)
                        : 0)
                + (2 + 2 * o.suppressEvents());
    }

    /** The parts of {@link #snapshot()}, in order, for {@link #snapshotBreakdown()}. */
    public static final List<String> SNAPSHOT_PARTS =
            List.of(
                    "header",
                    "contributions",
                    "normalizer",
                    "lstm",
                    "seasonal_profile",
                    "forecast_records",
                    "seasonal_records",
                    "novelty",
                    "novelty_records",
                    "alert_rule");

    @Override
    public byte[] snapshot() {
        return snapshot(STATE_VERSION, null);
    }

    /**
     * The snapshot in the layout of state version 2 (every seasonal slot, the LSTM chunk's
     * trajectory), kept so that the reader of version 2 stays tested.
     */
    byte[] snapshotVersion2() {
        return snapshot(PREVIOUS_STATE_VERSION, null);
    }

    /** The snapshot in the layout of state version 3 (profile values as floats), for its reader. */
    byte[] snapshotVersion3() {
        return snapshot(FLOAT_PROFILE_VERSION, null);
    }

    /** Bytes of each of {@link #SNAPSHOT_PARTS} in the current snapshot. */
    public int[] snapshotBreakdown() {
        int[] ends = new int[SNAPSHOT_PARTS.size()];
        snapshot(STATE_VERSION, ends);
        int[] sizes = new int[ends.length];
        for (int i = 0; i < ends.length; i++) {
            sizes[i] = ends[i] - (i == 0 ? 0 : ends[i - 1]);
        }
        return sizes;
    }

    private byte[] snapshot(byte version, int[] ends) {
        if (scratch == null) {
            // version 3 writes the profile's visited slots as floats, 2 bytes a value more
            int version3 = maxStateBytes() + 2 * o.seasonalBins() * d;
            scratch =
                    ByteBuffer.allocate(
                            Math.max(version3, Math.max(maxStateBytes(), legacyStateBytes())));
        }
        boolean compact = version == STATE_VERSION || version == FLOAT_PROFILE_VERSION;
        ByteBuffer out = scratch.clear();
        out.put(version);
        out.putLong(count);
        out.putDouble(raw);
        out.putDouble(score);
        mark(out, ends, 0);
        for (double c : contribution) {
            out.putFloat((float) c);
        }
        mark(out, ends, 1);
        normalizer.write(out);
        mark(out, ends, 2);
        if (compact) {
            lstm.writeCompact(out);
        } else {
            lstm.write(out);
        }
        mark(out, ends, 3);
        if (compact) {
            season.writeSparse(out, version == STATE_VERSION);
        } else {
            season.write(out);
        }
        mark(out, ends, 4);
        forecastRecords.write(out);
        mark(out, ends, 5);
        seasonalRecords.write(out);
        mark(out, ends, 6);
        novelty.write(out);
        mark(out, ends, 7);
        if (novelty.enabled()) {
            noveltyRecords.write(out);
        }
        mark(out, ends, 8);
        rule.write(out);
        mark(out, ends, 9);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static void mark(ByteBuffer out, int[] ends, int part) {
        if (ends != null) {
            ends[part] = out.position();
        }
    }

    /** Upper bound of a version-2 snapshot (dense seasonal slots, the chunk's trajectory). */
    private int legacyStateBytes() {
        int h = o.hiddenSize();
        int dense =
                3
                        + 16 * h
                        + Math.max(16 * h, 8 * o.bpttSteps() * d)
                        + (o.onlineLearning() ? 8 * net.size() : 0);
        int compact = o.onlineLearning() ? dense : 1 + 16 * h + 8 * d;
        return maxStateBytes()
                - compact
                + dense
                - SeasonalProfile.sparseStateBytes(o.seasonalBins(), d, o.seasonalSlotWeight())
                + SeasonalProfile.stateBytes(o.seasonalBins(), d, o.seasonalSlotWeight());
    }

    @Override
    public void restore(byte[] state) {
        ByteBuffer in = ByteBuffer.wrap(state);
        try {
            byte version = in.get();
            if (version != STATE_VERSION
                    && version != FLOAT_PROFILE_VERSION
                    && version != PREVIOUS_STATE_VERSION
                    && version != LEGACY_STATE_VERSION) {
                throw new IllegalArgumentException("unsupported LSTM state version " + version);
            }
            boolean compact = version == STATE_VERSION || version == FLOAT_PROFILE_VERSION;
            boolean current = version != LEGACY_STATE_VERSION;
            count = in.getLong();
            raw = in.getDouble();
            score = in.getDouble();
            for (int j = 0; j < d; j++) {
                contribution[j] = in.getFloat();
            }
            normalizer.read(in);
            if (compact) {
                lstm.readCompact(in);
                season.readSparse(in, version == STATE_VERSION);
            } else {
                lstm.read(in);
                season.read(in, current);
            }
            forecastRecords.read(in, current);
            seasonalRecords.read(in, current);
            novelty.read(in);
            if (!current || novelty.enabled()) {
                noveltyRecords.read(in, current);
            }
            rule.read(in);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException(
                    "truncated LSTM state of " + state.length + " bytes", e);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(
                    "LSTM state has " + in.remaining() + " unexpected trailing bytes");
        }
    }
}
