package org.qoeflow.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabScorerTest {

    // S(-1) = 2/(1+e^-5) - 1 = 0.986614; S(-0.75) = 2/(1+e^-3.75) - 1 = 0.954047,
    // so a detection at row 11 of window [10,13] (y = -(13-11+1)/4 = -0.75) earns
    // 0.954047 / 0.986614 = 0.966991.
    private static final double TP_ROW_11 = 0.966991;

    /** File A: 20 rows, probation 3 rows, one window [10,13]. */
    private static NabScorer.ScoredFile fileA() {
        double[] s = new double[20];
        s[1] = 0.95; // inside probation: never scored
        s[5] = 0.8; // before any window: costs -A_FP
        s[11] = 0.9; // in the window
        s[12] = 0.9; // later in the same window: ignored, only the earliest counts
        s[15] = 0.7; // y = |13-15|/(4-1) = 2/3, S = 2/(1+e^(10/3)) - 1 = -0.931110
        return new NabScorer.ScoredFile("a/a.csv", s, List.of(new int[] {10, 13}));
    }

    /** File B: 20 rows, no windows, one false positive of score 0.92 at row 8. */
    private static NabScorer.ScoredFile fileB() {
        double[] s = new double[20];
        s[8] = 0.92;
        return new NabScorer.ScoredFile("b/b.csv", s, List.of());
    }

    @Test
    void scaledSigmoidMatchesNabDefinition() {
        assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(0.986614, within(1e-6));
        assertThat(NabScorer.scaledSigmoid(0.0)).isCloseTo(0.0, within(1e-12));
        assertThat(NabScorer.scaledSigmoid(3.5)).isEqualTo(-1.0);
        assertThat(NabScorer.probationRows(20)).isEqualTo(3);
        assertThat(NabScorer.probationRows(10_000)).isEqualTo(750);
    }

    @Test
    void evaluatesSingleFileByHand() {
        List<NabScorer.ScoredFile> files = List.of(fileA());
        // threshold 0.7: TP 0.966991, FP row 5 -0.11, FP row 15 0.11 * -0.931110 = -0.102422
        // raw = 0.754569
        var at07 = NabScorer.evaluate(files, CostProfile.STANDARD, 0.7);
        assertThat(at07.rawScore()).isCloseTo(0.754569, within(1e-5));
        assertThat(at07.truePositives()).isEqualTo(1);
        assertThat(at07.falsePositives()).isEqualTo(2);
        // best threshold is 0.9 (row 1 at 0.95 is in probation): raw = 0.966991,
        // normalized = 100 * (0.966991 + 1) / (1 + 1) = 98.3495
        NabResult r = NabScorer.score("t", files);
        assertThat(r.profiles().get(CostProfile.STANDARD).threshold()).isEqualTo(0.9);
        assertThat(r.standard()).isCloseTo(98.3495, within(1e-3));
        // low FN: null = -2, perfect = 1: 100 * (0.966991 + 2) / 3 = 98.8997
        assertThat(r.rewardLowFnRate()).isCloseTo(98.8997, within(1e-3));
    }

    @Test
    void optimizesOneThresholdOverTheCorpus() {
        List<NabScorer.ScoredFile> files = List.of(fileA(), fileB());
        // threshold 0.92 : B's FP (-A_FP) and A's window missed (-1)
        // threshold 0.9  : TP 0.966991 and B's FP -> standard 0.856991, low FP 0.746991
        // threshold 0.8  : adds A's row 5 FP -> standard 0.746991
        NabResult r = NabScorer.score("t", files);
        var std = r.profiles().get(CostProfile.STANDARD);
        assertThat(std.threshold()).isEqualTo(0.9);
        assertThat(std.rawScore()).isCloseTo(TP_ROW_11 - 0.11, within(1e-5));
        // 100 * (0.856991 + 1) / 2 = 92.8496
        assertThat(r.standard()).isCloseTo(92.8496, within(1e-3));
        // 100 * (0.746991 + 1) / 2 = 87.3496
        assertThat(r.rewardLowFpRate()).isCloseTo(87.3496, within(1e-3));
        // 100 * (0.856991 + 2) / 3 = 95.2330
        assertThat(r.rewardLowFnRate()).isCloseTo(95.2330, within(1e-3));
    }

    @Test
    void detectionAtLeftEdgeIsPerfectAndNoDetectionIsNull() {
        double[] s = new double[40];
        s[20] = 1.0;
        var perfect = new NabScorer.ScoredFile("p", s, List.of(new int[] {20, 29}));
        assertThat(NabScorer.score("p", List.of(perfect)).standard()).isCloseTo(100, within(1e-9));
        var none = new NabScorer.ScoredFile("n", new double[40], List.of(new int[] {20, 29}));
        // all scores 0: the best threshold is above every score, i.e. the null detector
        assertThat(NabScorer.score("n", List.of(none)).standard()).isCloseTo(0, within(1e-9));
    }

    @Test
    void sweepAgreesWithDirectEvaluationOnRandomCorpus() {
        Random rnd = new Random(7);
        List<NabScorer.ScoredFile> files = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            double[] s = new double[300];
            for (int i = 0; i < s.length; i++) {
                s[i] = Math.round(rnd.nextDouble() * 50) / 50.0;
            }
            files.add(
                    new NabScorer.ScoredFile(
                            "f" + f, s, List.of(new int[] {100, 130}, new int[] {200, 205})));
        }
        for (CostProfile p : CostProfile.values()) {
            double best = Double.NEGATIVE_INFINITY;
            for (int k = 0; k <= 51; k++) {
                best = Math.max(best, NabScorer.evaluate(files, p, k / 50.0).rawScore());
            }
            assertThat(NabScorer.score("r", files).profiles().get(p).rawScore())
                    .isCloseTo(best, within(1e-9));
        }
    }

    @Test
    void scoresResultFilesInNabLayout(@TempDir Path dir) throws IOException {
        Path labels = dir.resolve("windows.json");
        Files.writeString(
                labels,
                "{\"cat/x.csv\": [[\"2020-01-01 00:50:00.000000\", \"2020-01-01 01:05:00.000000\"]]}");
        StringBuilder csv = new StringBuilder("timestamp,value,anomaly_score,label\n");
        for (int i = 0; i < 20; i++) {
            double score = i == 11 ? 0.9 : 0.0;
            csv.append(
                    String.format(
                            "2020-01-01 %02d:%02d:00,1.0,%s,0%n", i * 5 / 60, i * 5 % 60, score));
        }
        Path out = dir.resolve("results/det/cat/det_x.csv");
        Files.createDirectories(out.getParent());
        Files.writeString(out, csv.toString());
        // rows 10..13 are 00:50..01:05, the same case as file A without false positives
        NabResult r = NabScorer.score(labels, dir.resolve("results"), "det");
        assertThat(r.standard()).isCloseTo(100 * (TP_ROW_11 + 1) / 2, within(1e-3));
    }
}
