package org.qoeflow.anomaly.nab;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.qoeflow.anomaly.AnomalyOptions;
import org.qoeflow.anomaly.FeatureSpec;
import org.qoeflow.anomaly.lstm.LstmDetector;
import org.qoeflow.anomaly.lstm.ModelArtifact;
import org.qoeflow.anomaly.score.AlertRule;

/**
 * One series' detector outputs before the {@link AlertRule} (record score, raw error, previous
 * error record per row), cached so that alert-rule settings are scored without re-running the
 * detector; {@link #scored} replays the rule exactly as the detector applies it.
 *
 * @param name {@code <category>/<file>.csv}
 * @param windows labelled windows as inclusive row ranges
 * @param recordScore per row, NaN while the detector does not score (warm-up)
 */
public record SeriesOutputs(
        String name,
        List<int[]> windows,
        double[] recordScore,
        double[] raw,
        double[] previousRecord) {

    /** The category of the series: its folder. */
    public String category() {
        return name.substring(0, name.lastIndexOf('/'));
    }

    /** Runs a fresh single-feature detector with {@code options} over every labelled series. */
    public static List<SeriesOutputs> run(Path data, NabWindows labels, AnomalyOptions options) {
        ModelArtifact model = ModelArtifact.untrained(options, FeatureSpec.scalar("value"));
        return labels.files().parallelStream()
                .map(f -> run(f, data.resolve(f), labels, new LstmDetector(model)))
                .toList();
    }

    private static SeriesOutputs run(
            String name, Path csv, NabWindows labels, LstmDetector detector) {
        List<String[]> rows = NabRunner.readRows(csv);
        int n = rows.size();
        double[] rec = new double[n];
        double[] raw = new double[n];
        double[] prev = new double[n];
        LocalDateTime[] ts = new LocalDateTime[n];
        double[] x = new double[1];
        for (int i = 0; i < n; i++) {
            ts[i] = NabWindows.parse(rows.get(i)[0]);
            x[0] = Double.parseDouble(rows.get(i)[1]);
            detector.score(ts[i].toInstant(ZoneOffset.UTC).toEpochMilli(), x);
            rec[i] = detector.recordScore();
            raw[i] = detector.rawScore();
            prev[i] = detector.previousRecord();
        }
        return new SeriesOutputs(
                name, NabWindows.toIndexRanges(labels.windows(name), ts), rec, raw, prev);
    }

    /** The scores the detector emits under these alert-rule settings. */
    public NabScorer.ScoredFile scored(double alertScore, int suppressEvents, double margin) {
        AlertRule rule = new AlertRule(alertScore, suppressEvents, margin);
        double[] s = new double[recordScore.length];
        for (int i = 0; i < s.length; i++) {
            s[i] =
                    Double.isNaN(recordScore[i])
                            ? 0
                            : rule.apply(recordScore[i], raw[i], previousRecord[i]);
        }
        return new NabScorer.ScoredFile(name, s, windows);
    }
}
