package dev.nncourse.linalg;

import static dev.nncourse.TestSupport.assertMessage;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * A null argument to a public Matrix method gets an IllegalArgumentException naming the method and what it expected,
 * not a NullPointerException from inside it; rows that are missing or empty are named too.
 */
class MatrixNullArgumentTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private final Matrix a = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    private final Matrix b = a.transpose();

    private static DynamicTest refuses(String op, Executable call, String expected) {
        return DynamicTest.dynamicTest(op, () -> assertMessage(IAE, call, op + ": expected " + expected, "got null"));
    }

    @TestFactory Stream<DynamicTest> everyMatrixArgument() {
        return Stream.of(
                refuses("mult", () -> a.mult(null), "a matrix B"),
                refuses("transposeMult", () -> a.transposeMult(null), "a matrix B"),
                refuses("multTranspose", () -> a.multTranspose(null), "a matrix B"),
                refuses("mult", () -> a.multInto(null, Matrix.zeros(2, 2)), "a matrix B"),
                refuses("multInto", () -> a.multInto(b, null), "a result matrix C"),
                refuses("transposeMultInto", () -> a.transposeMultInto(a, null), "a result matrix C"),
                refuses("multTransposeInto", () -> a.multTransposeInto(a, null), "a result matrix C"),
                refuses("dotRowsThenAddOuter", () -> a.dotRowsThenAddOuter(null, Matrix.zeros(1, 2), 1), "a row δ"),
                refuses("dotRowsThenAddOuter", () -> a.dotRowsThenAddOuter(Matrix.zeros(1, 3), null, 1), "a row x"),
                refuses("dot", () -> a.dot(null), "a vector"),
                refuses("dot", () -> Matrix.row(1, 2).dot(null), "a vector"),
                refuses("plus", () -> a.plus(null), "a 2×3 matrix"),
                refuses("minus", () -> a.minus(null), "a 2×3 matrix"),
                refuses("hadamard", () -> a.hadamard(null), "a 2×3 matrix"),
                refuses("zip", () -> a.zip(null, Math::max), "a 2×3 matrix"),
                refuses("zip", () -> a.zip(a, null), "a function"),
                refuses("map", () -> a.map(null), "a function"),
                refuses("plusRow", () -> a.plusRow(null), "a row"),
                refuses("plusColumn", () -> a.plusColumn(null), "a column"),
                refuses("addScaledInPlace", () -> a.copy().addScaledInPlace(null, 1), "a 2×3 matrix"),
                refuses("setTo", () -> a.copy().setTo(null), "a 2×3 matrix"),
                refuses("maxAbsDiff", () -> a.maxAbsDiff(null), "a 2×3 matrix"),
                refuses("isClose", () -> a.isClose(null, 1), "a matrix"),
                refuses("sameShape", () -> a.requireSameShape("sameShape", null), "a 2×3 matrix"),
                refuses("outer", () -> Matrix.outer(null, a), "a vector u"),
                refuses("outer", () -> Matrix.outer(Matrix.row(1), null), "a vector v"),
                refuses("selectRows", () -> a.selectRows(null), "an array of row indices"),
                refuses("stack", () -> Matrix.stack(null), "a list of matrices"),
                refuses("of", () -> Matrix.of(null), "an array of rows"),
                refuses("row", () -> Matrix.row((double[]) null), "the entries of a row"),
                refuses("column", () -> Matrix.column((double[]) null), "the entries of a column"),
                refuses("wrap", () -> Matrix.wrap(2, 2, null), "an array of values"),
                refuses("gaussian", () -> Matrix.gaussian(2, 2, (Random) null), "a random generator"),
                refuses("uniform", () -> Matrix.uniform(2, 2, 1, null), "a random generator"));
    }

    @Test void stackNamesTheNullBlock() {
        assertMessage(IAE, () -> Matrix.stack(Arrays.asList(a, a, null)), "stack: block 2 (counting from 0) is null",
                "expected a matrix");
    }

    @Test void ofNamesTheNullRow() {
        assertMessage(IAE, () -> Matrix.of(new double[][] {{1, 2}, null}), "of: row 1 is null", "expected an array of numbers");
    }

    @Test void ofNamesAnEmptyFirstRowAmongFullOnes() {
        assertMessage(IAE, () -> Matrix.of(new double[][] {{}, {1, 2}, {3, 4}}), "of: row 0 is empty but row 1 has 2 entries",
                "same number of entries, at least 1");
    }

    @Test void ofNamesAnEmptyRowAmongFullOnes() {
        assertMessage(IAE, () -> Matrix.of(new double[][] {{1, 2}, {3, 4}, {}}), "of: row 2 is empty",
                "expected 2 entries like row 0");
    }

    @Test void ofNamesRowsThatAreAllEmpty() {
        assertMessage(IAE, () -> Matrix.of(new double[][] {{}, {}}), "at least one row and one column", "got 2 empty rows");
    }
}
