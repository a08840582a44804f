package dev.nncourse.linalg;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operation of {@link Matrix} against values worked out by hand. */
class MatrixTest {
    /** plus, minus, hadamard and scale have loops of their own: the bits of the operation entry by entry. */
    @Test
    void elementwiseOperationsHaveTheBitsOfTheOperationEntryByEntry() {
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

    private static final Matrix A = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});   // 2×3

    // ------------------------------------------------------------ factories

    @Test
    void factoriesBuildTheStatedEntries() {
        assertMatrix(new double[][] {{0, 0, 0}, {0, 0, 0}}, Matrix.zeros(2, 3));
        assertMatrix(new double[][] {{7, 7}, {7, 7}, {7, 7}}, Matrix.filled(3, 2, 7));
        assertMatrix(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, Matrix.identity(3));
        assertMatrix(new double[][] {{1, 2, 3}}, Matrix.row(1, 2, 3));
        assertMatrix(new double[][] {{1}, {2}, {3}}, Matrix.column(1, 2, 3));
        assertMatrix(new double[][] {{1, 2}, {3, 4}, {5, 6}}, Matrix.wrap(3, 2, new double[] {1, 2, 3, 4, 5, 6}));
    }

    @Test
    void ofCopiesItsArrayAndWrapDoesNot() {
        double[][] values = {{1, 2}, {3, 4}};
        Matrix copied = Matrix.of(values);
        values[0][0] = 99;
        assertEquals(1, copied.get(0, 0));

        double[] data = {1, 2, 3, 4};
        Matrix wrapped = Matrix.wrap(2, 2, data);
        data[3] = 99;
        assertEquals(99, wrapped.get(1, 1));
    }

    @Test
    void factoriesRejectBadShapes() {
        assertMessage(IllegalArgumentException.class, () -> Matrix.zeros(0, 3), "zeros", "0×3");
        assertMessage(IllegalArgumentException.class, () -> Matrix.of(new double[0][]), "of", "empty");
        assertMessage(IllegalArgumentException.class, () -> Matrix.of(new double[][] {{1, 2}, {3}}), "of", "row 1", "1 entries", "expected 2");
        assertMessage(IllegalArgumentException.class, () -> Matrix.wrap(2, 2, new double[3]), "wrap", "2×2", "4", "3");
    }

    @Test
    void gaussianDrawsNextGaussianRowByRowFromTheSeededGenerator() {
        Random expected = new Random(42);
        Matrix g = Matrix.gaussian(3, 4, 42);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) assertEquals(expected.nextGaussian(), g.get(i, j));
        }
        assertEquals(g, Matrix.gaussian(3, 4, new Random(42)));
        assertNotEquals(g, Matrix.gaussian(3, 4, 43));
    }

    @Test
    void uniformStaysWithinTheLimitAndHasVarianceLimitSquaredOverThree() {
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

    @Test
    void outerProductOfTwoVectors() {
        double[][] expected = {{3, 4, 5}, {6, 8, 10}};
        assertMatrix(expected, Matrix.outer(Matrix.column(1, 2), Matrix.row(3, 4, 5)));
        assertMatrix(expected, Matrix.outer(Matrix.row(1, 2), Matrix.column(3, 4, 5)));
    }

    // ------------------------------------------------------------ shape and entries

    @Test
    void shapeAndEntryAccess() {
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

    @Test
    void indicesOutsideTheMatrixAreRejected() {
        assertMessage(IndexOutOfBoundsException.class, () -> A.get(2, 0), "(2, 0)", "2×3");
        assertMessage(IndexOutOfBoundsException.class, () -> A.get(0, -1), "(0, -1)", "2×3");
        assertMessage(IndexOutOfBoundsException.class, () -> A.selectRows(new int[] {0, 2}), "selectRows", "row 2", "2×3");
        assertMessage(IllegalArgumentException.class, () -> A.selectRows(new int[0]), "selectRows", "2×3");
    }

    @Test
    void rowsAreSelectedInTheGivenOrderWithRepeats() {
        assertMatrix(new double[][] {{4, 5, 6}}, A.getRow(1));
        assertMatrix(new double[][] {{4, 5, 6}, {1, 2, 3}, {4, 5, 6}}, A.selectRows(new int[] {1, 0, 1}));
    }

    @Test
    void copiesAreIndependent() {
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

    // ------------------------------------------------------------ products

    @Test
    void multiplyByHand() {
        Matrix a = Matrix.of(new double[][] {{1, 2}, {3, 4}});
        Matrix b = Matrix.of(new double[][] {{5, 6}, {7, 8}});
        // (1·5 + 2·7, 1·6 + 2·8; 3·5 + 4·7, 3·6 + 4·8)
        assertMatrix(new double[][] {{19, 22}, {43, 50}}, a.mult(b));
        // 2×3 times 3×1: (1 − 2 + 3·2, 4 − 5 + 6·2)
        assertMatrix(new double[][] {{5}, {11}}, A.mult(Matrix.column(1, -1, 2)));
        assertEquals(A, Matrix.identity(2).mult(A));
        assertEquals(A, A.mult(Matrix.identity(3)));
    }

    @Test
    void transposeByHand() {
        assertMatrix(new double[][] {{1, 4}, {2, 5}, {3, 6}}, A.transpose());
    }

    @Test
    void dotOfRowsAndColumns() {
        assertEquals(32, Matrix.row(1, 2, 3).dot(Matrix.row(4, 5, 6)));   // 4 + 10 + 18
        assertEquals(32, Matrix.row(1, 2, 3).dot(Matrix.column(4, 5, 6)));
    }

    // ------------------------------------------------------------ elementwise

    @Test
    void elementwiseOperationsByHand() {
        Matrix b = Matrix.of(new double[][] {{6, 5, 4}, {3, 2, 1}});
        assertMatrix(new double[][] {{7, 7, 7}, {7, 7, 7}}, A.plus(b));
        assertMatrix(new double[][] {{-5, -3, -1}, {1, 3, 5}}, A.minus(b));
        assertMatrix(new double[][] {{6, 10, 12}, {12, 10, 6}}, A.hadamard(b));
        assertMatrix(new double[][] {{-2, -4, -6}, {-8, -10, -12}}, A.scale(-2));
        assertMatrix(new double[][] {{1.5, 2.5, 3.5}, {4.5, 5.5, 6.5}}, A.plus(0.5));
        assertMatrix(new double[][] {{1, 4, 9}, {16, 25, 36}}, A.map(x -> x * x));
        assertMatrix(new double[][] {{1, 32, 81}, {64, 25, 6}}, A.zip(b, Math::pow));
    }

    @Test
    void elementwiseOperationsLeaveTheirOperandsAlone() {
        Matrix before = A.copy();
        A.plus(A);
        A.scale(3);
        A.map(Math::sqrt);
        A.plusRow(Matrix.row(1, 1, 1));
        assertEquals(before, A);
    }

    @Test
    void biasBroadcasts() {
        assertMatrix(new double[][] {{11, 22, 33}, {14, 25, 36}}, A.plusRow(Matrix.row(10, 20, 30)));
        assertMatrix(new double[][] {{11, 12, 13}, {24, 25, 26}}, A.plusColumn(Matrix.column(10, 20)));
    }

    // ------------------------------------------------------------ reductions

    @Test
    void reductionsByHand() {
        assertEquals(21, A.sum());
        assertEquals(3.5, A.mean());
        assertMatrix(new double[][] {{5, 7, 9}}, A.columnSums());
        assertMatrix(new double[][] {{2.5, 3.5, 4.5}}, A.columnMeans());
        assertMatrix(new double[][] {{6}, {15}}, A.rowSums());
        assertMatrix(new double[][] {{2}, {5}}, A.rowMeans());
        assertEquals(7, Matrix.row(3, -7, 5).maxAbs());
    }

    @Test
    void isFiniteSpotsNanAndInfinity() {
        assertTrue(A.isFinite());
        assertFalse(Matrix.row(1, Double.NaN).isFinite());
        assertFalse(Matrix.row(Double.NEGATIVE_INFINITY, 1).isFinite());
    }

    // ------------------------------------------------------------ in place

    @Test
    void inPlaceOperationsChangeThisMatrixAndReturnIt() {
        Matrix m = Matrix.of(new double[][] {{1, 2}, {3, 4}});
        assertSame(m, m.addScaledInPlace(Matrix.of(new double[][] {{1, 1}, {2, 2}}), -0.5));
        assertMatrix(new double[][] {{0.5, 1.5}, {2, 3}}, m);
        assertSame(m, m.setTo(Matrix.filled(2, 2, 9)));
        assertMatrix(new double[][] {{9, 9}, {9, 9}}, m);
        assertSame(m, m.clear());
        assertMatrix(new double[][] {{0, 0}, {0, 0}}, m);
    }

    // ------------------------------------------------------------ comparison

    @Test
    void closenessAndDifference() {
        Matrix b = A.plus(Matrix.of(new double[][] {{0, 0, 1e-9}, {-3e-9, 0, 0}}));
        assertEquals(3e-9, A.maxAbsDiff(b), 1e-15);
        assertTrue(A.isClose(b, 1e-8));
        assertFalse(A.isClose(b, 1e-9));
        assertFalse(A.isClose(A.transpose(), 1e9), "different shapes are never close");
    }

    @Test
    void equalityIsExactAndIncludesTheShape() {
        assertEquals(A, Matrix.wrap(2, 3, new double[] {1, 2, 3, 4, 5, 6}));
        assertEquals(A.hashCode(), Matrix.wrap(2, 3, new double[] {1, 2, 3, 4, 5, 6}).hashCode());
        assertNotEquals(A, Matrix.wrap(3, 2, new double[] {1, 2, 3, 4, 5, 6}));
        assertNotEquals(A, A.plus(1e-15));
        assertNotEquals(A, "not a matrix");
    }

    // ------------------------------------------------------------ shape errors

    /** Each operation with operands of the wrong shapes; its message must name the operation and both shapes. */
    static Stream<Arguments> shapeErrors() {
        Matrix a = Matrix.zeros(2, 3), b = Matrix.zeros(4, 5);
        return Stream.of(
                shapeError("mult", () -> a.mult(b), "2×3", "4×5"),
                shapeError("plus", () -> a.plus(b), "2×3", "4×5"),
                shapeError("minus", () -> a.minus(b), "2×3", "4×5"),
                shapeError("hadamard", () -> a.hadamard(b), "2×3", "4×5"),
                shapeError("zip", () -> a.zip(b, Double::sum), "2×3", "4×5"),
                shapeError("plusRow", () -> a.plusRow(Matrix.zeros(1, 2)), "2×3", "1×2"),
                shapeError("plusRow", () -> a.plusRow(Matrix.zeros(2, 3)), "2×3", "1×3"),
                shapeError("plusColumn", () -> a.plusColumn(Matrix.zeros(3, 1)), "2×3", "3×1"),
                shapeError("dot", () -> Matrix.zeros(1, 3).dot(Matrix.zeros(2, 1)), "1×3", "2×1"),
                shapeError("dot", () -> a.dot(Matrix.zeros(6, 1)), "2×3", "6×1"),
                shapeError("outer", () -> Matrix.outer(a, Matrix.zeros(1, 2)), "2×3", "1×2"),
                shapeError("addScaledInPlace", () -> a.copy().addScaledInPlace(b, 1), "2×3", "4×5"),
                shapeError("setTo", () -> a.copy().setTo(b), "2×3", "4×5"),
                shapeError("maxAbsDiff", () -> a.maxAbsDiff(b), "2×3", "4×5"),
                shapeError("anOperation", () -> a.requireSameShape("anOperation", b), "2×3", "4×5"));
    }

    private static Arguments shapeError(String op, Runnable call, String shape1, String shape2) {
        return Arguments.of(op, call, shape1, shape2);
    }

    @ParameterizedTest(name = "{0}: {2} with {3}")
    @MethodSource("shapeErrors")
    void shapeErrorsNameTheOperationAndBothShapes(String op, Runnable call, String shape1, String shape2) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> call.run());
        assertTrue(e.getMessage().startsWith(op + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(shape1), e.getMessage());
        assertTrue(e.getMessage().contains(shape2), e.getMessage());
    }

    @Test
    void operandsAreNotAliasedByResults() {
        Matrix t = A.transpose();
        assertNotSame(A, A.plus(0));
        t.set(0, 0, 42);
        assertEquals(1, A.get(0, 0));
    }
}
