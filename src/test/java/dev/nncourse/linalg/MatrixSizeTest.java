package dev.nncourse.linalg;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * A shape whose entry count does not fit a Java array is refused by every factory and every operation that makes a
 * new shape, naming the shape and the count: never an empty matrix from an int overflow (65536·65536 wraps to 0),
 * a NegativeArraySizeException, or an index error from inside a kernel.
 */
class MatrixSizeTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final String LIMIT = "more than the 2147483639 a Java array can hold";

    /** Each case fails on its own, naming the operation, the shape and its entry count. */
    private static DynamicTest refuses(String op, Executable call, String shape, long entries) {
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
                refuses("identity", () -> Matrix.identity(65536), "65536×65536", 4294967296L),
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

    @Test void requireShapeIsTheCheckBehindThemAll() {
        assertEquals(6, Matrix.requireShape("t", 2, 3));
        assertEquals(Matrix.MAX_SIZE, Matrix.requireShape("t", Matrix.MAX_SIZE, 1));
        assertMessage(IAE, () -> Matrix.requireShape("t", Matrix.MAX_SIZE + 1L, 1), "t: shape 2147483640×1");
        assertMessage(IAE, () -> Matrix.requireShape("t", Long.MAX_VALUE, Long.MAX_VALUE), "t: shape", "more than 2147483639");
        assertMessage(IAE, () -> Matrix.requireShape("t", 0, 5), "t: shape must be at least 1×1, got 0×5");
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
