package org.qoeflow.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocoTest {
    private static final int ROWS = 200;

    /**
     * A series of {@code ROWS} rows with one window at rows 150-159 and a detection at {@code at}.
     */
    private static NabScorer.ScoredFile file(String name, int... detections) {
        double[] s = new double[ROWS];
        for (int d : detections) {
            s[d] = 1.0;
        }
        return new NabScorer.ScoredFile(name, s, List.of(new int[] {150, 159}));
    }

    /**
     * Variant "a" detects every window of categories x and y but misses z's; variant "b" detects
     * only z's. Held out x or y, the other two categories prefer "a" (2 windows vs 1); held out z,
     * x and y prefer "a" too, so z scores a miss.
     */
    private static List<Loco.Variant> variants() {
        List<NabScorer.ScoredFile> a = new ArrayList<>();
        List<NabScorer.ScoredFile> b = new ArrayList<>();
        for (String c : List.of("x", "y", "z")) {
            a.add(c.equals("z") ? file(c + "/f.csv") : file(c + "/f.csv", 150));
            b.add(c.equals("z") ? file(c + "/f.csv", 150) : file(c + "/f.csv"));
        }
        return List.of(new Loco.Variant("a", 0.5, a), new Loco.Variant("b", 0.5, b));
    }

    @Test
    void choosesEachFoldOnTheOtherCategoriesOnly() {
        Loco.Result r = Loco.run(variants(), CostProfile.STANDARD);

        assertThat(r.folds()).extracting(Loco.Fold::category).containsExactly("x", "y", "z");
        assertThat(r.folds()).extracting(Loco.Fold::variant).containsExactly("a", "a", "a");
        // a detection at the left edge of the window scores the perfect 100, a miss the null 0
        assertThat(r.folds()).extracting(Loco.Fold::heldOut).containsExactly(100.0, 100.0, 0.0);
        assertThat(r.mean()).isEqualTo(200.0 / 3);
    }

    @Test
    void heldOutCategoryNeverInfluencesItsOwnChoice() {
        // b is better on z alone and on everything when z counts twice, but z is never in its
        // own training set: make b win only through z by giving z two files
        List<Loco.Variant> v = new ArrayList<>(variants());
        List<NabScorer.ScoredFile> a = new ArrayList<>(v.get(0).files());
        List<NabScorer.ScoredFile> b = new ArrayList<>(v.get(1).files());
        a.add(file("z/g.csv"));
        a.add(file("z/h.csv"));
        b.add(file("z/g.csv", 150));
        b.add(file("z/h.csv", 150));
        v = List.of(new Loco.Variant("a", 0.5, a), new Loco.Variant("b", 0.5, b));

        Loco.Result r = Loco.run(v, CostProfile.STANDARD);

        assertThat(Loco.chooseOnAll(v, CostProfile.STANDARD).name()).isEqualTo("b");
        assertThat(r.folds().get(2).variant()).isEqualTo("a");
        assertThat(r.folds().get(2).heldOut()).isEqualTo(0.0);
        // held out x, the training set (y + three z files) prefers b, which misses x
        assertThat(r.folds().get(0).variant()).isEqualTo("b");
        assertThat(r.folds().get(0).heldOut()).isEqualTo(0.0);
    }

    @Test
    void aCategoryWithoutWindowsReportsFalsePositivesAndStaysOutOfTheMean() {
        List<NabScorer.ScoredFile> a = new ArrayList<>(variants().get(0).files());
        double[] quiet = new double[ROWS];
        quiet[100] = 1.0;
        a.add(new NabScorer.ScoredFile("none/q.csv", quiet, List.of()));

        Loco.Result r = Loco.run(List.of(new Loco.Variant("a", 0.5, a)), CostProfile.STANDARD);

        Loco.Fold none =
                r.folds().stream().filter(f -> f.category().equals("none")).findFirst().get();
        assertThat(none.heldOut()).isNaN();
        assertThat(none.falsePositives()).isEqualTo(1);
        assertThat(r.mean()).isEqualTo(200.0 / 3);
    }

    @Test
    void thresholdIsPartOfTheVariant() {
        List<NabScorer.ScoredFile> a = variants().get(0).files();
        Loco.Result r =
                Loco.run(
                        List.of(
                                new Loco.Variant("too high", 1.5, a),
                                new Loco.Variant("ok", 0.5, a)),
                        CostProfile.STANDARD);
        assertThat(r.folds()).extracting(Loco.Fold::variant).containsOnly("ok");
    }

    @Test
    void rejectsFilesWithoutCategoryAndSingleCategoryCorpora() {
        assertThatThrownBy(() -> Loco.category("f.csv")).hasMessageContaining("f.csv");
        assertThatThrownBy(
                        () ->
                                Loco.run(
                                        List.of(
                                                new Loco.Variant(
                                                        "a", 0.5, List.of(file("x/f.csv")))),
                                        CostProfile.STANDARD))
                .hasMessageContaining("at least 2 categories");
    }
}
