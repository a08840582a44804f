package dev.nncourse.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link Matrix#norm()} and {@link Matrix#rms()}: the Frobenius norm and the root mean square of the entries. */
class MatrixNormTest {
    @Test
    void smallCasesByHand() {
        assertEquals(5, Matrix.row(3, 4).norm());
        assertEquals(5, Matrix.column(-3, 0, -4).norm());
        assertEquals(0, Matrix.zeros(2, 3).norm());
        assertEquals(0, Matrix.zeros(2, 3).rms());
        assertEquals(2, Matrix.of(new double[][] {{1, 1}, {1, 1}}).norm());
        assertEquals(Math.sqrt(2.5), Matrix.row(1, 2).rms(), 1e-15);   // √((1 + 4) / 2)
        assertEquals(7, Matrix.filled(3, 5, -7).rms(), 1e-14);
    }

    @Test
    void neitherOverflowsNorUnderflows() {
        // Σ A² would be ∞ (1e400) and 0 (1e-400) here; the norm is 5·10^±200 all the same.
        assertEquals(5e200, Matrix.row(3e200, 4e200).norm(), 1e186);
        assertEquals(5e-200, Matrix.row(3e-200, 4e-200).norm(), 1e-214);
        assertEquals(Double.MAX_VALUE, Matrix.row(Double.MAX_VALUE, 0).norm());
        assertEquals(Double.MIN_VALUE, Matrix.row(0, Double.MIN_VALUE).norm());
        assertEquals(1e300, Matrix.row(1e300, 1e300).rms(), 1e286);
    }

    @Test
    void nanAndInfinityShowThrough() {
        assertTrue(Double.isNaN(Matrix.row(1, Double.NaN, 2).norm()));
        assertTrue(Double.isNaN(Matrix.row(Double.POSITIVE_INFINITY, Double.NaN).norm()));
        assertTrue(Double.isNaN(Matrix.row(Double.NaN, Double.POSITIVE_INFINITY).rms()));
        assertEquals(Double.POSITIVE_INFINITY, Matrix.row(1, Double.NEGATIVE_INFINITY).norm());
        assertEquals(Double.POSITIVE_INFINITY, Matrix.row(Double.POSITIVE_INFINITY, 2).rms());
    }

    @Property
    void isTheSquareRootOfTheSumOfSquares(@ForAll @IntRange(min = 1, max = 12) int r,
            @ForAll @IntRange(min = 1, max = 12) int c, @ForAll long seed) {
        Matrix a = Matrix.gaussian(r, c, seed);
        double plain = Math.sqrt(a.hadamard(a).sum());
        assertEquals(plain, a.norm(), 1e-14 * plain);
        assertEquals(Math.sqrt(a.hadamard(a).mean()), a.rms(), 1e-14 * plain);
        assertEquals(a.norm(), a.transpose().norm(), 1e-14 * plain);
    }

    @Property
    void isHomogeneousAndObeysTheTriangleInequality(@ForAll @IntRange(min = 1, max = 8) int r,
            @ForAll @IntRange(min = 1, max = 8) int c, @ForAll long seed,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double s) {
        Matrix a = Matrix.gaussian(r, c, seed), b = Matrix.gaussian(r, c, seed + 1);
        assertEquals(Math.abs(s) * a.norm(), a.scale(s).norm(), 1e-13 * Math.abs(s) * a.norm());
        assertTrue(a.plus(b).norm() <= (a.norm() + b.norm()) * (1 + 1e-15));
        assertTrue(a.maxAbs() <= a.norm() && a.norm() <= a.maxAbs() * Math.sqrt(a.size()) * (1 + 1e-15));
    }
}
