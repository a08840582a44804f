package dev.nncourse.data;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Split}. */
class SplitTest {
    /** 3 classes of 100, 60 and 40 samples; x = (sample index, class), so every row can be traced back. */
    private static Dataset unbalanced() {
        int[] sizes = {100, 60, 40};
        Matrix x = Matrix.zeros(200, 2), y = Matrix.zeros(200, 1);
        for (int c = 0, i = 0; c < 3; c++) for (int k = 0; k < sizes[c]; k++, i++) x.set(i, 0, i).set(i, 1, c);
        for (int i = 0; i < 200; i++) y.set(i, 0, x.get(i, 1));
        return new Dataset(x, y);
    }

    private static int[] counts(Dataset d) {
        int[] n = new int[3];
        for (int c : Labels.of(d.y())) n[c]++;
        return n;
    }

    @Test
    void everyPartKeepsTheClassProportions() {
        Split s = Split.stratified(unbalanced(), 0.6, 0.2, 0.2, 1);
        assertEquals(List.of(60, 36, 24), List.of(counts(s.train())[0], counts(s.train())[1], counts(s.train())[2]));
        assertEquals(List.of(20, 12, 8), List.of(counts(s.validation())[0], counts(s.validation())[1], counts(s.validation())[2]));
        assertEquals(List.of(20, 12, 8), List.of(counts(s.test())[0], counts(s.test())[1], counts(s.test())[2]));
    }

    @Test
    void thePartsAreDisjointCoverEverySampleAndKeepRowsTogether() {
        Split s = Split.stratified(unbalanced(), 0.5, 0.3, 0.2, 4);
        Set<Double> seen = new HashSet<>();
        for (Dataset d : List.of(s.train(), s.validation(), s.test())) {
            for (int i = 0; i < d.size(); i++) {
                assertTrue(seen.add(d.x().get(i, 0)), "sample " + d.x().get(i, 0) + " twice");
                assertEquals(d.x().get(i, 1), d.y().get(i, 0), "inputs and targets stay together");
                if (i > 0) assertTrue(d.x().get(i, 0) > d.x().get(i - 1, 0), "original order");
            }
        }
        assertEquals(200, seen.size());
        assertEquals(List.of(100, 60, 40), List.of(s.train().size(), s.validation().size(), s.test().size()));
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertEquals(Split.stratified(unbalanced(), 0.6, 0.2, 0.2, 9), Split.stratified(unbalanced(), 0.6, 0.2, 0.2, 9));
        assertNotEquals(Split.stratified(unbalanced(), 0.6, 0.2, 0.2, 9).train(), Split.stratified(unbalanced(), 0.6, 0.2, 0.2, 10).train());
    }

    @Test
    void oneHotTargetsAreSplitByTheirClass() {
        Dataset d = Datasets.spiral(50, 3, 0.2, 1);
        Split s = Split.stratified(new Dataset(d.x(), Labels.oneHot(d.y(), 3)), 0.6, 0.2, 0.2, 2);
        assertEquals("90×3", s.train().y().shape());
        assertEquals(30, counts(s.train())[0]);
    }

    @Test
    void badFractions() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        Dataset d = unbalanced();
        assertMessage(iae, () -> Split.stratified(d, 0.6, 0.3, 0.3, 1), "sum to 1.2", "expected 1");
        assertMessage(iae, () -> Split.stratified(d, 0.8, 0.2, 0, 1), "(0, 1)", "0.0 is not");
        assertMessage(iae, () -> Split.stratified(d, 1.2, -0.1, -0.1, 1), "(0, 1)", "1.2 is not");
        assertMessage(iae, () -> Split.stratified(d, Double.NaN, 0.5, 0.5, 1), "NaN is not");
        assertMessage(iae, () -> Split.stratified(null, 0.6, 0.2, 0.2, 1), "expected a data set");
    }

    @Test
    void aPartThatWouldBeEmpty() {
        Dataset tiny = new Dataset(Matrix.zeros(4, 1), Matrix.column(0, 0, 1, 1));
        assertMessage(IllegalArgumentException.class, () -> Split.stratified(tiny, 0.8, 0.1, 0.1, 1),
                "class 0 has 2 samples", "2 training, 0 validation and 0 test", "at least 8 samples");
    }

    /** 40 samples of classes 0 and 1, and {@code small} of class 2. */
    private static Dataset withASmallClass(int small) {
        Matrix y = Matrix.zeros(40 + small, 1);
        for (int i = 20; i < 40; i++) y.set(i, 0, 1);
        for (int i = 40; i < 40 + small; i++) y.set(i, 0, 2);
        return new Dataset(Matrix.zeros(40 + small, 1), y);
    }

    @Test
    void aClassTooSmallToReachEveryPartIsRefusedNotLeftInTrainingOnly() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertMessage(iae, () -> Split.stratified(withASmallClass(1), 0.6, 0.2, 0.2, 1), "Split.stratified: class 2 has 1 "
                + "sample", "1 training, 0 validation and 0 test", "expected at least one sample of every class in every part",
                "at least 4 samples");
        assertMessage(iae, () -> Split.stratified(withASmallClass(2), 0.6, 0.2, 0.2, 1), "class 2 has 2 samples",
                "1 training, 0 validation and 1 test");
        assertMessage(iae, () -> Split.stratified(withASmallClass(3), 0.6, 0.2, 0.2, 1), "class 2 has 3 samples",
                "2 training, 1 validation and 0 test");
        Split s = Split.stratified(withASmallClass(4), 0.6, 0.2, 0.2, 1);
        assertEquals(List.of(2, 1, 1), List.of(counts(s.train())[2], counts(s.validation())[2], counts(s.test())[2]));
    }

    /** Every split either has every class in every part, or is refused naming a class size that would be accepted. */
    @Test
    void everyAcceptedSplitHasEveryClassInEveryPart() {
        int accepted = 0, refused = 0;
        for (int small = 1; small <= 12; small++) {
            for (double[] f : new double[][] {{0.6, 0.2, 0.2}, {0.8, 0.1, 0.1}, {0.45, 0.45, 0.1}, {1 / 3.0, 1 / 3.0, 1 / 3.0}}) {
                Split s;
                try {
                    s = Split.stratified(withASmallClass(small), f[0], f[1], f[2], small);
                } catch (IllegalArgumentException e) {
                    assertTrue(e.getMessage().contains("class 2 has " + small + " sample"), e.getMessage());
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("takes at least (\\d+) samples").matcher(e.getMessage());
                    assertTrue(m.find(), e.getMessage());
                    int enough = Integer.parseInt(m.group(1));
                    assertTrue(enough > small, e.getMessage());
                    Split.stratified(withASmallClass(enough), f[0], f[1], f[2], small);   // the size it names is enough
                    refused++;
                    continue;
                }
                accepted++;
                for (Dataset part : List.of(s.train(), s.validation(), s.test())) {
                    for (int c = 0; c < 3; c++) assertTrue(counts(part)[c] > 0, "class " + c + " missing, " + small + " samples");
                }
            }
        }
        assertTrue(accepted > 0 && refused > 0, accepted + " accepted, " + refused + " refused: both cases are tried");
    }

    @Test
    void largeLabelsAreGroupedNotCountedUpTo() {
        Dataset d = new Dataset(Matrix.zeros(10, 1), Matrix.column(2e9, 2e9, 2e9, 2e9, 2e9, 5, 5, 5, 5, 5));
        Split s = Split.stratified(d, 0.6, 0.2, 0.2, 1);
        assertEquals(List.of(6, 2, 2), List.of(s.train().size(), s.validation().size(), s.test().size()));
    }

    @Test
    void regressionTargetsCannotBeStratified() {
        Dataset d = Datasets.randomRegression(10, 2, 1);
        assertMessage(IllegalArgumentException.class, () -> Split.stratified(d, 0.6, 0.2, 0.2, 1), "Split.stratified: label",
                "integer class labels");
    }

    @Test
    void standardizedSplitFitsOnTheTrainingPart() {
        Dataset d = Datasets.blobs(100, Matrix.of(new double[][] {{10, -3}, {14, 1}}), 2, 5);
        Split s = Split.stratified(d, 0.6, 0.2, 0.2, 3).standardized();
        Matrix mean = s.train().x().columnMeans();
        assertEquals(0, mean.maxAbs(), 1e-12);
        assertTrue(s.validation().x().columnMeans().maxAbs() > 1e-3, "validation is not centred on its own");
        Matrix raw = Split.stratified(d, 0.6, 0.2, 0.2, 3).test().x();
        assertEquals(Standardizer.fit(Split.stratified(d, 0.6, 0.2, 0.2, 3).train().x()).apply(raw), s.test().x());
        assertEquals(Split.stratified(d, 0.6, 0.2, 0.2, 3).test().y(), s.test().y());
    }
}
