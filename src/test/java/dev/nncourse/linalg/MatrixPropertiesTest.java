package dev.nncourse.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Algebraic identities of {@link Matrix} on random shapes and entries. */
class MatrixPropertiesTest {
    @Property
    void transposeIsAnInvolution(@ForAll @IntRange(min = 1, max = 12) int r, @ForAll @IntRange(min = 1, max = 12) int c,
            @ForAll long seed) {
        Matrix a = Matrix.gaussian(r, c, seed);
        assertEquals(a, a.transpose().transpose());
        assertEquals(c + "×" + r, a.transpose().shape());
    }

    /** (AB)ᵀ = BᵀAᵀ holds exactly: both sides sum the same products A_jk B_ki in the same order of k. */
    @Property
    void transposeOfAProductIsTheReversedProductOfTransposes(@ForAll @IntRange(min = 1, max = 8) int m,
            @ForAll @IntRange(min = 1, max = 8) int n, @ForAll @IntRange(min = 1, max = 8) int p, @ForAll long seed) {
        Matrix a = Matrix.gaussian(m, n, seed), b = Matrix.gaussian(n, p, seed ^ 0x5DEECE66DL);
        assertEquals(a.mult(b).transpose(), b.transpose().mult(a.transpose()));
    }

    @Property
    void productDistributesOverSums(@ForAll @IntRange(min = 1, max = 8) int m, @ForAll @IntRange(min = 1, max = 8) int n,
            @ForAll @IntRange(min = 1, max = 8) int p, @ForAll long seed) {
        Matrix a = Matrix.gaussian(m, n, seed), b = Matrix.gaussian(n, p, seed + 1), c = Matrix.gaussian(n, p, seed + 2);
        assertTrue(a.mult(b.plus(c)).isClose(a.mult(b).plus(a.mult(c)), 1e-12));
    }

    @Property
    void columnBroadcastIsTheTransposeOfRowBroadcast(@ForAll @IntRange(min = 1, max = 8) int r,
            @ForAll @IntRange(min = 1, max = 8) int c, @ForAll long seed) {
        Matrix a = Matrix.gaussian(r, c, seed), col = Matrix.gaussian(r, 1, seed + 1);
        assertEquals(a.transpose().plusRow(col.transpose()).transpose(), a.plusColumn(col));
        Matrix byHand = a.copy();
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) byHand.set(i, j, a.get(i, j) + col.get(i, 0));
        }
        assertEquals(byHand, a.plusColumn(col));
    }

    @Property
    void reductionsAgreeWithEachOther(@ForAll @IntRange(min = 1, max = 10) int r, @ForAll @IntRange(min = 1, max = 10) int c,
            @ForAll long seed) {
        Matrix a = Matrix.gaussian(r, c, seed);
        assertEquals(a.sum(), a.columnSums().sum(), 1e-12);
        assertEquals(a.sum(), a.rowSums().sum(), 1e-12);
        assertEquals(a.columnSums(), a.transpose().rowSums().transpose());
        assertEquals(a.mult(Matrix.filled(c, 1, 1)).maxAbsDiff(a.rowSums()), 0, 1e-12);
    }

    @Property
    void outerProductIsColumnTimesRow(@ForAll @IntRange(min = 1, max = 8) int n, @ForAll @IntRange(min = 1, max = 8) int k,
            @ForAll long seed) {
        Matrix u = Matrix.gaussian(n, 1, seed), v = Matrix.gaussian(1, k, seed + 1);
        assertEquals(u.mult(v), Matrix.outer(u, v));
    }

    @Property
    void referenceEqualsTheNaiveTripleLoopExactly(@ForAll @IntRange(min = 1, max = 9) int m,
            @ForAll @IntRange(min = 1, max = 9) int n, @ForAll @IntRange(min = 1, max = 9) int p, @ForAll long seed) {
        Matrix a = Matrix.gaussian(m, n, seed), b = Matrix.gaussian(n, p, seed + 1);
        Matrix c = Matrix.zeros(m, p);
        MatMul.reference(a, b, c);
        assertEquals(MatMulTest.naive(a, b), c, "same summation order, so bit for bit equal");
        assertEquals(c, a.mult(b));
    }
}
