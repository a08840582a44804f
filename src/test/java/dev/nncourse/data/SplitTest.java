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

/** {@link Split}: stratified, disjoint, complete, seeded; standardised on its training part. */
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
        assertNotEquals(Split.stratified(unbalanced(), 0.6, 0.2, 0.2, 9).train(), Split.stratified(unbalanced(), 0.6,
                0.2, 0.2, 10).train());
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
                "validation part of 4 samples", "would be empty");
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
        assertMessage(IllegalArgumentException.class, () -> Split.stratified(d, 0.6, 0.2, 0.2, 1), "integer class labels");
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
