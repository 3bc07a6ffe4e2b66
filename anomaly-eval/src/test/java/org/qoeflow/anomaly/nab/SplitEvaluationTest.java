package org.qoeflow.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitEvaluationTest {

    private static NabScorer.ScoredFile file(String name, boolean detects) {
        double[] scores = new double[200];
        if (detects) {
            scores[150] = 0.9; // inside the window [140, 160], after the 30-row probation
        }
        return new NabScorer.ScoredFile(name, scores, List.of(new int[] {140, 160}));
    }

    @Test
    void halvesAlternateOverFilesSortedByName() {
        List<NabScorer.ScoredFile> files = new ArrayList<>();
        // sorted: a (A), b (B), c (A), d (B); only A's files detect their window
        files.add(file("d.csv", false));
        files.add(file("c.csv", true));
        files.add(file("b.csv", false));
        files.add(file("a.csv", true));
        SplitEvaluation.Split s = SplitEvaluation.split("x", files);
        assertThat(s.halfA().profiles().get(CostProfile.STANDARD).truePositives()).isEqualTo(2);
        assertThat(s.halfB().profiles().get(CostProfile.STANDARD).falseNegatives()).isEqualTo(2);
        assertThat(s.halfB().standard()).isZero();
        assertThat(s.all().profiles().get(CostProfile.STANDARD).truePositives()).isEqualTo(2);
        assertThat(s.halfA().standard()).isGreaterThan(s.all().standard());
    }
}
