package dev.nncourse.linalg;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link Require}: every check returns what it checked when it holds, and otherwise throws with the one message format
 * {@code OP: WHAT must be EXPECTED, got VALUE}, compared here as whole messages, boundaries included.
 */
class RequireTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    /** The call throws IllegalArgumentException with exactly this message. */
    private static DynamicTest says(String message, Executable call) {
        return DynamicTest.dynamicTest(message, () -> assertEquals(message, assertThrows(IAE, call).getMessage()));
    }

    @TestFactory Stream<DynamicTest> oneMessageFormat() {
        return Stream.of(
                says("op: expected a thing, got null", () -> Require.given("op", "a thing", null)),
                says("op: n must be a positive count, got 0", () -> Require.positiveCount("op", "n", 0)),
                says("op: n must be a positive count, got -3", () -> Require.positiveCount("op", "n", -3)),
                says("op: n must be a positive count, got 2147483648", () -> Require.positiveCount("op", "n", 1L << 31)),
                says("op: x must be a positive finite number, got 0.0", () -> Require.positive("op", "x", 0)),
                says("op: x must be a positive finite number, got -0.0", () -> Require.positive("op", "x", -0.0)),
                says("op: x must be a positive finite number, got NaN", () -> Require.positive("op", "x", Double.NaN)),
                says("op: x must be a positive finite number, got Infinity", () -> Require.positive("op", "x",
                        Double.POSITIVE_INFINITY)),
                says("op: x must be a finite number ≥ 0, got -1.0E-300", () -> Require.nonNegative("op", "x", -1e-300)),
                says("op: x must be a finite number ≥ 0, got Infinity", () -> Require.nonNegative("op", "x",
                        Double.POSITIVE_INFINITY)),
                says("op: x must be a finite number ≥ 0, got NaN", () -> Require.nonNegative("op", "x", Double.NaN)),
                says("op: x must be a finite number, got -Infinity", () -> Require.finite("op", "x", Double.NEGATIVE_INFINITY)),
                says("op: x must be a finite number, got NaN", () -> Require.finite("op", "x", Double.NaN)),
                says("op: β must be a number in [0, 1), got 1.0", () -> Require.fraction("op", "β", 1)),
                says("op: β must be a number in [0, 1), got -1.0E-9", () -> Require.fraction("op", "β", -1e-9)),
                says("op: β must be a number in [0, 1), got NaN", () -> Require.fraction("op", "β", Double.NaN)),
                says("sgd: the learning rate must be a positive finite number, got -0.1", () -> Require.learningRate("sgd", -0.1)),
                says("op: the list must be not empty, got []", () -> Require.that(false, "op", "the list", "not empty", "[]")),
                says("op: shape must be at least 1×1, got 0×5", () -> Require.shape("op", 0, 5)),
                says("op: shape 2147483640×1 would have 2147483640 entries, more than the 2147483639 a Java array can hold",
                        () -> Require.shape("op", Matrix.MAX_SIZE + 1L, 1)),
                says("op: shape 9223372036854775807×9223372036854775807 would have more than 2147483639 entries, more than "
                        + "the 2147483639 a Java array can hold", () -> Require.shape("op", Long.MAX_VALUE, Long.MAX_VALUE)),
                says("op: shapes 2×3 and 3×2 differ", () -> Require.sameShape("op", Matrix.zeros(2, 3), Matrix.zeros(3, 2))),
                says("op: expected a 2×3 matrix, got null", () -> Require.sameShape("op", Matrix.zeros(2, 3), null)),
                says("X: entry (1, 2) of the 2×3 matrix is -Infinity; expected finite numbers (no NaN or infinity)",
                        () -> Require.finite("X", Matrix.zeros(2, 3).set(1, 2, Double.NEGATIVE_INFINITY))),
                says("X: entry (0, 1) of the 2×3 matrix is NaN; expected finite numbers (no NaN or infinity)",
                        () -> Require.finite("X", Matrix.zeros(2, 3).set(0, 1, Double.NaN).set(1, 0, Double.NaN))),
                says("X: expected a matrix, got null", () -> Require.finite("X", null)));
    }

    @Test void aCheckThatHoldsReturnsWhatItChecked() {
        Matrix m = Matrix.zeros(2, 3), n = Matrix.filled(2, 3, 1);
        Object o = new Object();
        assertSame(o, Require.given("op", "a thing", o));
        assertEquals(1, Require.positiveCount("op", "n", 1));
        assertEquals(Integer.MAX_VALUE, Require.positiveCount("op", "n", Integer.MAX_VALUE));
        assertEquals(Double.MIN_VALUE, Require.positive("op", "x", Double.MIN_VALUE));
        assertEquals(0.0, Require.nonNegative("op", "x", 0));
        assertEquals(-0.0, Require.nonNegative("op", "x", -0.0));
        assertEquals(-Double.MAX_VALUE, Require.finite("op", "x", -Double.MAX_VALUE));
        assertEquals(0.0, Require.fraction("op", "β", 0));
        assertEquals(Math.nextDown(1.0), Require.fraction("op", "β", Math.nextDown(1.0)));
        assertEquals(0.5, Require.learningRate("op", 0.5));
        Require.that(true, "op", "x", "anything", null);
        assertEquals(6, Require.shape("op", 2, 3));
        assertEquals(Matrix.MAX_SIZE, Require.shape("op", Matrix.MAX_SIZE, 1));
        assertSame(n, Require.sameShape("op", m, n));
        assertSame(m, Require.finite("X", m));
    }

    /** The checks of the library say it in these words: a learning rate, a count and a rate, wherever they are refused. */
    @Test void theLibrarysClassesUseIt() {
        assertMessage(IAE, () -> Matrix.zeros(0, 2), "zeros: shape must be at least 1×1, got 0×2");
        assertMessage(IAE, () -> Kernels.setThreads(-1), "setThreads: the number of threads must be a positive count, got -1");
        assertMessage(IAE, () -> Matrix.uniform(1, 1, -1, new java.util.Random(1)), "uniform: the limit must be a finite number "
                + "≥ 0, got -1.0");
    }
}
