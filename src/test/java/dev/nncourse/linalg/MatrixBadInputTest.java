package dev.nncourse.linalg;

import static dev.nncourse.TestSupport.assertMessage;

import org.junit.jupiter.api.Test;

/** Every public Matrix operation names the shapes or values it got and what it expected. */
class MatrixBadInputTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private final Matrix a23 = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    private final Matrix a32 = a23.transpose();

    @Test void multInnerDimensions() {
        assertMessage(IAE, () -> a23.mult(a23), "mult", "2×3 by 2×3", "inner dimensions 3 and 2 differ");
    }

    @Test void transposeMultRows() {
        assertMessage(IAE, () -> a23.transposeMult(a32), "transposeMult", "transpose of 2×3 by 3×2", "row counts 2 and 3 differ");
    }

    @Test void multTransposeColumns() {
        assertMessage(IAE, () -> a23.multTranspose(Matrix.zeros(2, 2)), "multTranspose", "column counts 3 and 2 differ");
    }

    @Test void stackNothing() { assertMessage(IAE, () -> Matrix.stack(java.util.List.of()), "stack", "no blocks given"); }

    @Test void stackMismatchedColumns() {
        assertMessage(IAE, () -> Matrix.stack(java.util.List.of(a23, a32)), "block 3×2 has 2 columns", "expected 3");
    }

    @Test void uniformNaNLimit() {
        assertMessage(IAE, () -> Matrix.uniform(2, 2, Double.NaN, new java.util.Random(1)), "limit", "finite number ≥ 0", "got NaN");
    }

    @Test void plusShapes() { assertMessage(IAE, () -> a23.plus(a32), "plus", "2×3 and 3×2 differ"); }

    @Test void minusShapes() { assertMessage(IAE, () -> a23.minus(a32), "minus", "2×3 and 3×2 differ"); }

    @Test void hadamardShapes() { assertMessage(IAE, () -> a23.hadamard(a32), "hadamard", "2×3 and 3×2 differ"); }

    @Test void zipShapes() { assertMessage(IAE, () -> a23.zip(a32, Math::max), "zip", "2×3 and 3×2 differ"); }

    @Test void dotNeedsEqualVectors() {
        assertMessage(IAE, () -> Matrix.row(1, 2).dot(Matrix.row(1, 2, 3)), "dot", "vectors of equal length", "1×2 and 1×3");
    }

    @Test void dotNeedsVectors() { assertMessage(IAE, () -> a23.dot(a23), "dot", "expected two vectors", "2×3 and 2×3"); }

    @Test void plusRowNeedsMatchingRow() {
        assertMessage(IAE, () -> a23.plusRow(Matrix.row(1, 2)), "plusRow", "expected a 1×3 row", "got 1×2");
    }

    @Test void plusColumnNeedsMatchingColumn() {
        assertMessage(IAE, () -> a23.plusColumn(Matrix.column(1, 2, 3)), "plusColumn", "expected a 2×1 column", "got 3×1");
    }

    @Test void outerNeedsVectors() { assertMessage(IAE, () -> Matrix.outer(a23, Matrix.row(1)), "outer", "two vectors", "2×3"); }

    @Test void setToShapes() { assertMessage(IAE, () -> a23.copy().setTo(a32), "setTo", "2×3 and 3×2 differ"); }

    @Test void addScaledInPlaceShapes() {
        assertMessage(IAE, () -> a23.copy().addScaledInPlace(a32, 1), "addScaledInPlace", "2×3 and 3×2 differ");
    }

    @Test void maxAbsDiffShapes() { assertMessage(IAE, () -> a23.maxAbsDiff(a32), "maxAbsDiff", "2×3 and 3×2 differ"); }

    @Test void emptyZeros() { assertMessage(IAE, () -> Matrix.zeros(0, 3), "at least 1×1", "got 0×3"); }

    @Test void negativeGaussianShape() { assertMessage(IAE, () -> Matrix.gaussian(-2, 3, 1L), "at least 1×1", "got -2×3"); }

    @Test void emptyArray() { assertMessage(IAE, () -> Matrix.of(new double[0][]), "at least one row and one column", "empty"); }

    @Test void emptyRowVector() { assertMessage(IAE, () -> Matrix.row(), "at least one row and one column", "empty"); }

    @Test void raggedRows() {
        assertMessage(IAE, () -> Matrix.of(new double[][] {{1, 2}, {3}}), "row 1 has 1 entries", "expected 2 like row 0");
    }

    @Test void wrapLength() { assertMessage(IAE, () -> Matrix.wrap(2, 2, new double[3]), "2×2 needs 4 values", "got 3"); }

    @Test void entryOutside() {
        assertMessage(IndexOutOfBoundsException.class, () -> a23.get(2, 0), "entry (2, 0)", "outside a 2×3 matrix");
    }

    @Test void selectNoRows() { assertMessage(IAE, () -> a23.selectRows(new int[0]), "selectRows", "no row indices", "2×3"); }

    @Test void selectRowOutside() {
        assertMessage(IndexOutOfBoundsException.class, () -> a23.selectRows(new int[] {0, 5}), "row 5", "outside a 2×3 matrix");
    }

    @Test void requireFiniteNamesEntry() {
        Matrix m = a23.copy().set(1, 2, Double.NEGATIVE_INFINITY);
        assertMessage(IAE, () -> m.requireFinite("X"), "X: entry (1, 2)", "is -Infinity", "expected finite numbers");
    }
}
