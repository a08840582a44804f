package dev.nncourse.linalg;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link Matrix}, the learner's class: every operation against values worked out by hand, its algebraic identities on
 * random shapes (the jqwik properties at the top), its text, and every bad argument named with what was expected.
 */
class MatrixTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Matrix A = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});   // 2×3

    // ------------------------------------------------------------ properties (jqwik)

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
    void normIsTheSquareRootOfTheSumOfSquares(@ForAll @IntRange(min = 1, max = 12) int r,
            @ForAll @IntRange(min = 1, max = 12) int c, @ForAll long seed) {
        Matrix a = Matrix.gaussian(r, c, seed);
        double plain = Math.sqrt(a.hadamard(a).sum());
        assertEquals(plain, a.norm(), 1e-14 * plain);
        assertEquals(Math.sqrt(a.hadamard(a).mean()), a.rms(), 1e-14 * plain);
        assertEquals(a.norm(), a.transpose().norm(), 1e-14 * plain);
    }

    @Property
    void normIsHomogeneousAndObeysTheTriangleInequality(@ForAll @IntRange(min = 1, max = 8) int r,
            @ForAll @IntRange(min = 1, max = 8) int c, @ForAll long seed,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double s) {
        Matrix a = Matrix.gaussian(r, c, seed), b = Matrix.gaussian(r, c, seed + 1);
        assertEquals(Math.abs(s) * a.norm(), a.scale(s).norm(), 1e-13 * Math.abs(s) * a.norm());
        assertTrue(a.plus(b).norm() <= (a.norm() + b.norm()) * (1 + 1e-15));
        assertTrue(a.maxAbs() <= a.norm() && a.norm() <= a.maxAbs() * Math.sqrt(a.size()) * (1 + 1e-15));
    }

    // ------------------------------------------------------------ factories

    @Nested
    class Factories {
        @Test void buildTheStatedEntries() {
            assertMatrix(new double[][] {{0, 0, 0}, {0, 0, 0}}, Matrix.zeros(2, 3));
            assertMatrix(new double[][] {{7, 7}, {7, 7}, {7, 7}}, Matrix.filled(3, 2, 7));
            assertMatrix(new double[][] {{1, 2, 3}}, Matrix.row(1, 2, 3));
            assertMatrix(new double[][] {{1}, {2}, {3}}, Matrix.column(1, 2, 3));
            assertMatrix(new double[][] {{1, 2}, {3, 4}, {5, 6}}, Matrix.wrap(3, 2, new double[] {1, 2, 3, 4, 5, 6}));
        }

        @Test void ofCopiesItsArrayAndWrapDoesNot() {
            double[][] values = {{1, 2}, {3, 4}};
            Matrix copied = Matrix.of(values);
            values[0][0] = 99;
            assertEquals(1, copied.get(0, 0));

            double[] data = {1, 2, 3, 4};
            Matrix wrapped = Matrix.wrap(2, 2, data);
            data[3] = 99;
            assertEquals(99, wrapped.get(1, 1));
        }

        @Test void gaussianDrawsNextGaussianRowByRowFromTheSeededGenerator() {
            Random expected = new Random(42);
            Matrix g = Matrix.gaussian(3, 4, 42);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) assertEquals(expected.nextGaussian(), g.get(i, j));
            }
            assertEquals(g, Matrix.gaussian(3, 4, new Random(42)));
            assertNotEquals(g, Matrix.gaussian(3, 4, 43));
        }

        @Test void uniformStaysWithinTheLimitAndHasVarianceLimitSquaredOverThree() {
            double limit = 2.5;
            Matrix u = Matrix.uniform(300, 300, limit, new Random(1));
            assertTrue(u.maxAbs() <= limit);
            assertTrue(u.maxAbs() > 0.99 * limit, "draws should reach close to the limit");
            double mean = u.mean();
            double var = u.map(x -> (x - mean) * (x - mean)).mean();
            assertEquals(0, mean, 0.02);
            assertEquals(limit * limit / 3, var, 0.02 * limit * limit / 3);
            assertEquals(u, Matrix.uniform(300, 300, limit, new Random(1)));
        }

        @Test void outerProductOfTwoVectors() {
            double[][] expected = {{3, 4, 5}, {6, 8, 10}};
            assertMatrix(expected, Matrix.outer(Matrix.column(1, 2), Matrix.row(3, 4, 5)));
            assertMatrix(expected, Matrix.outer(Matrix.row(1, 2), Matrix.column(3, 4, 5)));
        }

        @Test void stackingTheRowsOfAMatrixGivesItBack() {
            Matrix x = Matrix.gaussian(5, 3, 42);
            assertEquals(x, Matrix.stack(IntStream.range(0, 5).mapToObj(x::getRow).toList()));
        }

        @Test void stackedBlocksKeepTheirOrderAndShape() {
            Matrix top = Matrix.of(new double[][] {{1, 2}, {3, 4}});
            Matrix bottom = Matrix.row(5, 6);
            assertEquals(Matrix.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}), Matrix.stack(List.of(top, bottom)));
            assertEquals(Matrix.of(new double[][] {{5, 6}, {1, 2}, {3, 4}}), Matrix.stack(List.of(bottom, top)));
        }
    }

    // ------------------------------------------------------------ shape and entries

    @Nested
    class Entries {
        @Test void shapeAndEntryAccess() {
            assertEquals(2, A.rows());
            assertEquals(3, A.cols());
            assertEquals(6, A.size());
            assertEquals("2×3", A.shape());
            assertFalse(A.isVector());
            assertTrue(Matrix.row(1, 2).isVector());
            assertTrue(Matrix.column(1, 2).isVector());
            assertEquals(6, A.get(1, 2));
            assertEquals(4, A.at(3), "row-major: entry 3 is (1, 0)");

            Matrix m = Matrix.zeros(2, 2);
            assertSame(m, m.set(0, 1, 5));
            m.setAt(2, 7);
            assertMatrix(new double[][] {{0, 5}, {7, 0}}, m);
        }

        @Test void rowsAreSelectedInTheGivenOrderWithRepeats() {
            assertMatrix(new double[][] {{4, 5, 6}}, A.getRow(1));
            assertMatrix(new double[][] {{4, 5, 6}, {1, 2, 3}, {4, 5, 6}}, A.selectRows(new int[] {1, 0, 1}));
        }

        @Test void copiesAreIndependent() {
            Matrix c = A.copy();
            assertEquals(A, c);
            c.set(0, 0, 100);
            assertEquals(1, A.get(0, 0));

            double[][] arr = A.toArray();
            arr[1][1] = 100;
            assertEquals(5, A.get(1, 1));

            double[] flat = A.toFlatArray();
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, flat);
            flat[0] = 100;
            assertEquals(1, A.at(0));
        }
    }

    // ------------------------------------------------------------ products

    @Nested
    class Products {
        @Test void multiplyByHand() {
            Matrix a = Matrix.of(new double[][] {{1, 2}, {3, 4}});
            Matrix b = Matrix.of(new double[][] {{5, 6}, {7, 8}});
            // (1·5 + 2·7, 1·6 + 2·8; 3·5 + 4·7, 3·6 + 4·8)
            assertMatrix(new double[][] {{19, 22}, {43, 50}}, a.mult(b));
            // 2×3 times 3×1: (1 − 2 + 3·2, 4 − 5 + 6·2)
            assertMatrix(new double[][] {{5}, {11}}, A.mult(Matrix.column(1, -1, 2)));
            Matrix i2 = Matrix.of(new double[][] {{1, 0}, {0, 1}}), i3 = Matrix.of(new double[][] {{1, 0, 0}, {0, 1, 0},
                    {0, 0, 1}});
            assertEquals(A, i2.mult(A));
            assertEquals(A, A.mult(i3));
        }

        @Test void transposedProductsWithoutFormingTheTranspose() {
            Matrix b = Matrix.of(new double[][] {{1, 0}, {-1, 2}});   // 2×2
            assertEquals(A.transpose().mult(b), A.transposeMult(b));                       // AᵀB, 3×2
            assertEquals(A.mult(A.transpose()), A.multTranspose(A));                      // AAᵀ, 2×2
            assertMatrix(new double[][] {{1, 2, 3}, {7, 8, 9}}, b.mult(A));
        }

        @Test void transposeByHand() { assertMatrix(new double[][] {{1, 4}, {2, 5}, {3, 6}}, A.transpose()); }

        @Test void dotOfRowsAndColumns() {
            assertEquals(32, Matrix.row(1, 2, 3).dot(Matrix.row(4, 5, 6)));   // 4 + 10 + 18
            assertEquals(32, Matrix.row(1, 2, 3).dot(Matrix.column(4, 5, 6)));
        }
    }

    // ------------------------------------------------------------ entry by entry

    @Nested
    class EntryByEntry {
        /** plus, minus, hadamard and scale have loops of their own: the bits of the operation entry by entry. */
        @Test void operationsHaveTheBitsOfTheOperationEntryByEntry() {
            double[] x = {1.5, -0.0, 0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e308, -3, 0.1, 7};
            double[] y = {0.25, 0, -0.0, 2, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e308, Double.NaN, 0.2, -7};
            Matrix a = Matrix.wrap(2, 5, x), b = Matrix.wrap(2, 5, y);
            Matrix plus = a.plus(b), minus = a.minus(b), hadamard = a.hadamard(b), scale = a.scale(-0.3);
            for (int k = 0; k < x.length; k++) {
                assertEquals(Double.doubleToRawLongBits(x[k] + y[k]), Double.doubleToRawLongBits(plus.at(k)), "plus " + k);
                assertEquals(Double.doubleToRawLongBits(x[k] - y[k]), Double.doubleToRawLongBits(minus.at(k)), "minus " + k);
                assertEquals(Double.doubleToRawLongBits(x[k] * y[k]), Double.doubleToRawLongBits(hadamard.at(k)), "⊙ " + k);
                assertEquals(Double.doubleToRawLongBits(-0.3 * x[k]), Double.doubleToRawLongBits(scale.at(k)), "scale " + k);
            }
        }

        @Test void operationsByHand() {
            Matrix b = Matrix.of(new double[][] {{6, 5, 4}, {3, 2, 1}});
            assertMatrix(new double[][] {{7, 7, 7}, {7, 7, 7}}, A.plus(b));
            assertMatrix(new double[][] {{-5, -3, -1}, {1, 3, 5}}, A.minus(b));
            assertMatrix(new double[][] {{6, 10, 12}, {12, 10, 6}}, A.hadamard(b));
            assertMatrix(new double[][] {{-2, -4, -6}, {-8, -10, -12}}, A.scale(-2));
            assertMatrix(new double[][] {{1.5, 2.5, 3.5}, {4.5, 5.5, 6.5}}, A.plus(0.5));
            assertMatrix(new double[][] {{1, 4, 9}, {16, 25, 36}}, A.map(x -> x * x));
            assertMatrix(new double[][] {{1, 32, 81}, {64, 25, 6}}, A.zip(b, Math::pow));
        }

        @Test void operationsLeaveTheirOperandsAlone() {
            Matrix before = A.copy();
            A.plus(A);
            A.scale(3);
            A.map(Math::sqrt);
            A.plusRow(Matrix.row(1, 1, 1));
            assertEquals(before, A);
        }

        @Test void operandsAreNotAliasedByResults() {
            Matrix t = A.transpose();
            assertNotSame(A, A.plus(0));
            t.set(0, 0, 42);
            assertEquals(1, A.get(0, 0));
        }

        @Test void biasBroadcasts() {
            assertMatrix(new double[][] {{11, 22, 33}, {14, 25, 36}}, A.plusRow(Matrix.row(10, 20, 30)));
            assertMatrix(new double[][] {{11, 12, 13}, {24, 25, 26}}, A.plusColumn(Matrix.column(10, 20)));
        }
    }

    // ------------------------------------------------------------ reductions

    @Nested
    class Reductions {
        @Test void byHand() {
            assertEquals(21, A.sum());
            assertEquals(3.5, A.mean());
            assertMatrix(new double[][] {{5, 7, 9}}, A.columnSums());
            assertMatrix(new double[][] {{2.5, 3.5, 4.5}}, A.columnMeans());
            assertMatrix(new double[][] {{6}, {15}}, A.rowSums());
            assertEquals(7, Matrix.row(3, -7, 5).maxAbs());
        }

        /** The sum of these entries overflows, their mean does not: it is summed again scaled by 2⁻³² (exact). */
        @Test void theMeanOfFiniteEntriesIsFinite() {
            assertEquals(Double.POSITIVE_INFINITY, Matrix.row(1e308, 1e308, 1e308).sum());
            assertEquals(1e308, Matrix.row(1e308, 1e308, 1e308).mean(), 1e293);
            assertEquals(0.5e308, Matrix.row(1.5e308, 1e308, -1e308).mean(), 1e293);
            assertTrue(Double.isNaN(Matrix.row(1, Double.NaN).mean()));
        }

        @Test void isFiniteSpotsNanAndInfinity() {
            assertTrue(A.isFinite());
            assertFalse(Matrix.row(1, Double.NaN).isFinite());
            assertFalse(Matrix.row(Double.NEGATIVE_INFINITY, 1).isFinite());
        }

        @Test void normAndRmsByHand() {
            assertEquals(5, Matrix.row(3, 4).norm());
            assertEquals(5, Matrix.column(-3, 0, -4).norm());
            assertEquals(0, Matrix.zeros(2, 3).norm());
            assertEquals(0, Matrix.zeros(2, 3).rms());
            assertEquals(2, Matrix.of(new double[][] {{1, 1}, {1, 1}}).norm());
            assertEquals(Math.sqrt(2.5), Matrix.row(1, 2).rms(), 1e-15);   // √((1 + 4) / 2)
            assertEquals(7, Matrix.filled(3, 5, -7).rms(), 1e-14);
        }

        @Test void normNeitherOverflowsNorUnderflows() {
            // Σ A² would be ∞ (1e400) and 0 (1e-400) here; the norm is 5·10^±200 all the same.
            assertEquals(5e200, Matrix.row(3e200, 4e200).norm(), 1e186);
            assertEquals(5e-200, Matrix.row(3e-200, 4e-200).norm(), 1e-214);
            assertEquals(Double.MAX_VALUE, Matrix.row(Double.MAX_VALUE, 0).norm());
            assertEquals(Double.MIN_VALUE, Matrix.row(0, Double.MIN_VALUE).norm());
            assertEquals(1e300, Matrix.row(1e300, 1e300).rms(), 1e286);
        }

        @Test void normShowsNanAndInfinityThrough() {
            assertTrue(Double.isNaN(Matrix.row(1, Double.NaN, 2).norm()));
            assertTrue(Double.isNaN(Matrix.row(Double.POSITIVE_INFINITY, Double.NaN).norm()));
            assertTrue(Double.isNaN(Matrix.row(Double.NaN, Double.POSITIVE_INFINITY).rms()));
            assertEquals(Double.POSITIVE_INFINITY, Matrix.row(1, Double.NEGATIVE_INFINITY).norm());
            assertEquals(Double.POSITIVE_INFINITY, Matrix.row(Double.POSITIVE_INFINITY, 2).rms());
        }
    }

    // ------------------------------------------------------------ in place, comparison

    @Nested
    class InPlace {
        @Test void operationsChangeThisMatrixAndReturnIt() {
            Matrix m = Matrix.of(new double[][] {{1, 2}, {3, 4}});
            assertSame(m, m.addScaledInPlace(Matrix.of(new double[][] {{1, 1}, {2, 2}}), -0.5));
            assertMatrix(new double[][] {{0.5, 1.5}, {2, 3}}, m);
            assertSame(m, m.scaleInPlace(2));
            assertMatrix(new double[][] {{1, 3}, {4, 6}}, m);
            assertSame(m, m.setTo(Matrix.filled(2, 2, 9)));
            assertMatrix(new double[][] {{9, 9}, {9, 9}}, m);
            assertSame(m, m.clear());
            assertMatrix(new double[][] {{0, 0}, {0, 0}}, m);
        }

        /** Every in-place write counts as a change ({@link Kernels#version}), except a scale by exactly 1. */
        @Test void everyInPlaceWriteIsCounted() {
            Matrix m = Matrix.zeros(2, 2), b = Matrix.filled(2, 2, 1);
            List<Runnable> writes = List.of(() -> m.set(0, 0, 1), () -> m.setAt(1, 2), () -> m.addScaledInPlace(b, 1),
                    () -> m.scaleInPlace(3), () -> m.setTo(b), () -> m.clear());
            for (Runnable write : writes) {
                int before = Kernels.version(m);
                write.run();
                assertEquals(before + 1, Kernels.version(m));
            }
            int before = Kernels.version(m);
            m.scaleInPlace(1);
            m.copy().set(0, 0, 5);
            assertEquals(before, Kernels.version(m), "x·1 = x skips the pass; a copy's change is the copy's");
        }

        @Test void closenessAndDifference() {
            Matrix b = A.plus(Matrix.of(new double[][] {{0, 0, 1e-9}, {-3e-9, 0, 0}}));
            assertEquals(3e-9, A.maxAbsDiff(b), 1e-15);
            assertTrue(A.isClose(b, 1e-8));
            assertFalse(A.isClose(b, 1e-9));
            assertFalse(A.isClose(A.transpose(), 1e9), "different shapes are never close");
        }

        @Test void equalityIsExactAndIncludesTheShape() {
            assertEquals(A, Matrix.wrap(2, 3, new double[] {1, 2, 3, 4, 5, 6}));
            assertEquals(A.hashCode(), Matrix.wrap(2, 3, new double[] {1, 2, 3, 4, 5, 6}).hashCode());
            assertNotEquals(A, Matrix.wrap(3, 2, new double[] {1, 2, 3, 4, 5, 6}));
            assertNotEquals(A, A.plus(1e-15));
            assertNotEquals(A, "not a matrix");
        }
    }

    // ------------------------------------------------------------ text ({@link MatrixFormat}, written out by hand)

    @Nested
    class Text {
        @Test void smallIntegerMatrixShowsShapeThenRightAlignedRows() {
            assertEquals("Matrix 2×2\n[  1 -10]\n[100   2]", Matrix.of(new double[][] {{1, -10}, {100, 2}}).toString());
        }

        @Test void fractionsGetSixDecimalsAndTinyOrHugeNumbersGetExponents() {
            assertEquals("Matrix 1×3\n[  0.500000 1.0000e-05 1.0000e+07]", Matrix.row(0.5, 1e-5, 1e7).toString());
            assertEquals("Matrix 1×2\n[ -0.250000 1.2346e+06]", Matrix.row(-0.25, 1234567.5).toString());
            assertEquals("Matrix 1×3\n[       0      NaN Infinity]", Matrix.row(0, Double.NaN,
                    Double.POSITIVE_INFINITY).toString());
        }

        @Test void eightRowsAndColumnsAreShownInFull() {
            String s = Matrix.zeros(8, 8).toString();
            assertEquals(1 + 8, s.split("\n").length);
            assertEquals("[0 0 0 0 0 0 0 0]", s.split("\n")[8]);
        }

        @Test void largeMatricesShowTheirFirstAndLastFourRowsAndColumns() {
            Matrix m = Matrix.zeros(10, 12);
            for (int i = 0; i < 10; i++) {
                for (int j = 0; j < 12; j++) m.set(i, j, 100 * i + j);
            }
            String expected = String.join("\n",
                    "Matrix 10×12",
                    "[  0   1   2   3   …   8   9  10  11]",
                    "[100 101 102 103   … 108 109 110 111]",
                    "[200 201 202 203   … 208 209 210 211]",
                    "[300 301 302 303   … 308 309 310 311]",
                    "[  …   …   …   …   …   …   …   …   …]",
                    "[600 601 602 603   … 608 609 610 611]",
                    "[700 701 702 703   … 708 709 710 711]",
                    "[800 801 802 803   … 808 809 810 811]",
                    "[900 901 902 903   … 908 909 910 911]");
            assertEquals(expected, m.toString());
        }
    }

    // ------------------------------------------------------------ bad input

    /** Every public operation names the shapes or values it got and what it expected. */
    @Nested
    class BadInput {
        private final Matrix a23 = A, a32 = A.transpose();

        private DynamicTest refuses(String name, Executable call, String... parts) {
            return DynamicTest.dynamicTest(name, () -> assertMessage(IAE, call, parts));
        }

        @TestFactory Stream<DynamicTest> shapesThatDoNotFit() {
            return Stream.of(
                    refuses("mult", () -> a23.mult(a23), "mult: cannot multiply 2×3 by 2×3", "inner dimensions 3 and 2 differ"),
                    refuses("transposeMult", () -> a23.transposeMult(a32), "transposeMult: cannot multiply the transpose of 2×3 "
                            + "by 3×2", "row counts 2 and 3 differ"),
                    refuses("multTranspose", () -> a23.multTranspose(Matrix.zeros(2, 2)), "multTranspose",
                            "column counts 3 and 2 differ"),
                    refuses("plus", () -> a23.plus(a32), "plus: shapes 2×3 and 3×2 differ"),
                    refuses("minus", () -> a23.minus(a32), "minus: shapes 2×3 and 3×2 differ"),
                    refuses("hadamard", () -> a23.hadamard(a32), "hadamard: shapes 2×3 and 3×2 differ"),
                    refuses("zip", () -> a23.zip(a32, Math::max), "zip: shapes 2×3 and 3×2 differ"),
                    refuses("setTo", () -> a23.copy().setTo(a32), "setTo: shapes 2×3 and 3×2 differ"),
                    refuses("addScaledInPlace", () -> a23.copy().addScaledInPlace(a32, 1), "addScaledInPlace: shapes 2×3 and "
                            + "3×2 differ"),
                    refuses("maxAbsDiff", () -> a23.maxAbsDiff(a32), "maxAbsDiff: shapes 2×3 and 3×2 differ"),
                    refuses("dot of unequal vectors", () -> Matrix.row(1, 2).dot(Matrix.row(1, 2, 3)), "dot",
                            "vectors of equal length", "1×2 and 1×3"),
                    refuses("dot of a row and a column", () -> Matrix.zeros(1, 3).dot(Matrix.zeros(2, 1)), "dot", "1×3 and 2×1"),
                    refuses("dot of matrices", () -> a23.dot(a23), "dot: expected two vectors", "2×3 and 2×3"),
                    refuses("plusRow of a shorter row", () -> a23.plusRow(Matrix.row(1, 2)), "plusRow: expected a 1×3 row",
                            "got 1×2"),
                    refuses("plusRow of a matrix", () -> a23.plusRow(Matrix.zeros(2, 3)), "plusRow", "got 2×3"),
                    refuses("plusColumn", () -> a23.plusColumn(Matrix.column(1, 2, 3)), "plusColumn: expected a 2×1 column",
                            "got 3×1"),
                    refuses("outer", () -> Matrix.outer(a23, Matrix.row(1)), "outer: expected two vectors", "2×3"),
                    refuses("stack of nothing", () -> Matrix.stack(List.of()), "stack: no blocks given"),
                    refuses("stack", () -> Matrix.stack(List.of(a23, a32)), "block 3×2 has 2 columns", "expected 3"));
        }

        @TestFactory Stream<DynamicTest> shapesAndValuesThatCannotBeMade() {
            return Stream.of(
                    refuses("zeros", () -> Matrix.zeros(0, 3), "zeros: shape must be at least 1×1, got 0×3"),
                    refuses("gaussian", () -> Matrix.gaussian(-2, 3, 1L), "at least 1×1", "got -2×3"),
                    refuses("uniform", () -> Matrix.uniform(2, 2, Double.NaN, new Random(1)), "uniform: the limit must be a "
                            + "finite number ≥ 0, got NaN"),
                    refuses("of nothing", () -> Matrix.of(new double[0][]), "of: expected at least one row and one column",
                            "empty"),
                    refuses("row of nothing", () -> Matrix.row(), "at least one row and one column", "empty"),
                    refuses("ragged", () -> Matrix.of(new double[][] {{1, 2}, {3}}), "of: row 1 has 1 entries",
                            "expected 2 like row 0"),
                    refuses("of with a null row", () -> Matrix.of(new double[][] {{1, 2}, null}), "of: row 1 is null",
                            "expected an array of numbers"),
                    refuses("of with an empty first row", () -> Matrix.of(new double[][] {{}, {1, 2}, {3, 4}}),
                            "of: row 0 is empty but row 1 has 2 entries", "same number of entries, at least 1"),
                    refuses("of with an empty row", () -> Matrix.of(new double[][] {{1, 2}, {3, 4}, {}}), "of: row 2 is empty",
                            "expected 2 entries like row 0"),
                    refuses("of with empty rows", () -> Matrix.of(new double[][] {{}, {}}), "at least one row and one column",
                            "got 2 empty rows"),
                    refuses("wrap", () -> Matrix.wrap(2, 2, new double[3]), "wrap: shape 2×2 needs 4 values", "got 3"),
                    refuses("stack with a null block", () -> Matrix.stack(Arrays.asList(a23, a23, null)),
                            "stack: block 2 (counting from 0) is null", "expected a matrix"),
                    refuses("selectRows of none", () -> a23.selectRows(new int[0]), "selectRows: no row indices given for 2×3"));
        }

        @Test void indicesOutsideTheMatrix() {
            Class<IndexOutOfBoundsException> ioobe = IndexOutOfBoundsException.class;
            assertMessage(ioobe, () -> a23.get(2, 0), "entry (2, 0) is outside a 2×3 matrix");
            assertMessage(ioobe, () -> a23.get(0, -1), "(0, -1)", "2×3");
            assertMessage(ioobe, () -> a23.set(2, 0, 1), "(2, 0)");
            assertMessage(ioobe, () -> a23.selectRows(new int[] {0, 5}), "selectRows: row 5 is outside a 2×3 matrix");
        }

        /** A null argument gets {@code OP: expected WHAT, got null}, not a NullPointerException from inside. */
        @TestFactory Stream<DynamicTest> nullArguments() {
            return Stream.of(
                    nullArgument("mult", () -> a23.mult(null), "a matrix B"),
                    nullArgument("transposeMult", () -> a23.transposeMult(null), "a matrix B"),
                    nullArgument("multTranspose", () -> a23.multTranspose(null), "a matrix B"),
                    nullArgument("dot", () -> a23.dot(null), "a vector"),
                    nullArgument("dot", () -> Matrix.row(1, 2).dot(null), "a vector"),
                    nullArgument("plus", () -> a23.plus(null), "a 2×3 matrix"),
                    nullArgument("minus", () -> a23.minus(null), "a 2×3 matrix"),
                    nullArgument("hadamard", () -> a23.hadamard(null), "a 2×3 matrix"),
                    nullArgument("zip", () -> a23.zip(null, Math::max), "a 2×3 matrix"),
                    nullArgument("zip", () -> a23.zip(a23, null), "a function"),
                    nullArgument("map", () -> a23.map(null), "a function"),
                    nullArgument("plusRow", () -> a23.plusRow(null), "a row"),
                    nullArgument("plusColumn", () -> a23.plusColumn(null), "a column"),
                    nullArgument("addScaledInPlace", () -> a23.copy().addScaledInPlace(null, 1), "a 2×3 matrix"),
                    nullArgument("setTo", () -> a23.copy().setTo(null), "a 2×3 matrix"),
                    nullArgument("maxAbsDiff", () -> a23.maxAbsDiff(null), "a 2×3 matrix"),
                    nullArgument("isClose", () -> a23.isClose(null, 1), "a matrix"),
                    nullArgument("outer", () -> Matrix.outer(null, a23), "a vector u"),
                    nullArgument("outer", () -> Matrix.outer(Matrix.row(1), null), "a vector v"),
                    nullArgument("selectRows", () -> a23.selectRows(null), "an array of row indices"),
                    nullArgument("stack", () -> Matrix.stack(null), "a list of matrices"),
                    nullArgument("of", () -> Matrix.of(null), "an array of rows"),
                    nullArgument("row", () -> Matrix.row((double[]) null), "the entries of a row"),
                    nullArgument("column", () -> Matrix.column((double[]) null), "the entries of a column"),
                    nullArgument("wrap", () -> Matrix.wrap(2, 2, null), "an array of values"),
                    nullArgument("gaussian", () -> Matrix.gaussian(2, 2, (Random) null), "a random generator"),
                    nullArgument("uniform", () -> Matrix.uniform(2, 2, 1, null), "a random generator"));
        }

        private DynamicTest nullArgument(String op, Executable call, String expected) {
            return refuses(op + " of null", call, op + ": expected " + expected + ", got null");
        }
    }

    /**
     * A shape whose entry count does not fit a Java array is refused by every factory and every operation that makes a
     * new shape, naming the shape and the count: never an empty matrix from an int overflow (65536·65536 wraps to 0),
     * a NegativeArraySizeException, or an index error from inside a kernel.
     */
    @Nested
    class Sizes {
        private static final String LIMIT = "more than the 2147483639 a Java array can hold";

        private DynamicTest refuses(String op, Executable call, String shape, long entries) {
            return DynamicTest.dynamicTest(op + " " + shape, () -> assertMessage(IAE, call, op, "shape " + shape,
                    "would have " + entries + " entries", LIMIT));
        }

        @TestFactory Stream<DynamicTest> factoriesRefuseShapesBeyondAnArray() {
            Random rng = new Random(1);
            return Stream.of(
                    refuses("zeros", () -> Matrix.zeros(65536, 65536), "65536×65536", 4294967296L),      // wraps to 0
                    refuses("zeros", () -> Matrix.zeros(46341, 46341), "46341×46341", 2147488281L),      // wraps negative
                    refuses("zeros", () -> Matrix.zeros(Integer.MAX_VALUE, 2), "2147483647×2", 4294967294L),
                    refuses("filled", () -> Matrix.filled(65536, 65537, 1), "65536×65537", 4295032832L),  // wraps to 65536
                    refuses("gaussian", () -> Matrix.gaussian(65536, 65536, 1L), "65536×65536", 4294967296L),
                    refuses("gaussian", () -> Matrix.gaussian(65536, 65537, rng), "65536×65537", 4295032832L),
                    refuses("uniform", () -> Matrix.uniform(65536, 65536, 1, rng), "65536×65536", 4294967296L),
                    refuses("wrap", () -> Matrix.wrap(65536, 65536, new double[0]), "65536×65536", 4294967296L),
                    refuses("wrap", () -> Matrix.wrap(65536, 65537, new double[65536]), "65536×65537", 4295032832L),
                    refuses("of", () -> Matrix.of(sameRow(65537, 65536)), "65537×65536", 4295032832L));
        }

        @TestFactory Stream<DynamicTest> operationsRefuseResultsBeyondAnArray() {
            Matrix column = Matrix.zeros(65536, 1), row = Matrix.zeros(1, 65536);
            return Stream.of(
                    refuses("mult", () -> column.mult(row), "65536×65536", 4294967296L),
                    refuses("transposeMult", () -> row.transposeMult(row), "65536×65536", 4294967296L),
                    refuses("multTranspose", () -> column.multTranspose(column), "65536×65536", 4294967296L),
                    refuses("outer", () -> Matrix.outer(column, row), "65536×65536", 4294967296L),
                    refuses("selectRows", () -> row.selectRows(new int[65537]), "65537×65536", 4295032832L),
                    refuses("stack", () -> Matrix.stack(Collections.nCopies(65537, row)), "65537×65536", 4295032832L));
        }

        @Test void stackCountsRowsWithoutOverflow() {
            Matrix tall = Matrix.zeros(1 << 20, 1);   // 2¹¹ of these have 2³¹ rows, one more than an int holds
            assertMessage(IAE, () -> Matrix.stack(Collections.nCopies(1 << 11, tall)), "stack", "shape 2147483648×1");
        }

        @Test void theLargestShapesThatFitStillWork() {
            Matrix m = Matrix.filled(1 << 12, 1 << 12, 1);   // 2²⁴ entries, well within any heap the tests run with
            assertEquals(1 << 24, m.size());
            assertEquals(1 << 24, m.sum());
            assertEquals(Matrix.zeros(2, 3), Matrix.wrap(2, 3, new double[6]));
        }

        /**
         * A shape that fits an array but not the JVM's heap gets an IllegalArgumentException naming the shape, the bytes
         * it needs and the heap's size, not an OutOfMemoryError. Needs a heap below 16 GiB, the most an array of doubles
         * can need, so that such a shape exists.
         */
        @Test void shapesBeyondTheHeapNameTheMemoryNeeded() {
            long heap = Runtime.getRuntime().maxMemory();
            assumeTrue(heap / 8 < Matrix.MAX_SIZE, "a heap of " + heap + " bytes holds any array of doubles");
            int cols = 1 << 16;
            int rows = (int) (heap / 8 / cols + 1);
            long bytes = 8L * rows * cols;
            for (Executable call : List.<Executable>of(() -> Matrix.zeros(rows, cols), () -> Matrix.gaussian(rows, cols, 1L),
                    () -> Matrix.zeros(rows, 1).mult(Matrix.zeros(1, cols)))) {
                assertMessage(IAE, call, "shape " + rows + "×" + cols, "needs " + bytes + " bytes", "heap of " + heap + " bytes",
                        "Runtime.maxMemory()", "-Xmx");
            }
        }

        /** A double[][] of {@code rows} references to one row of {@code cols} zeros: a huge shape in little memory. */
        private static double[][] sameRow(int rows, int cols) {
            double[][] v = new double[rows][];
            Arrays.fill(v, new double[cols]);
            return v;
        }
    }

}
