package dev.nncourse.check;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nncourse.linalg.Matrix;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumericGradientTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    @Test
    void centredDifferenceOfACubeIsOffByExactlyHSquared() {
        // ((x + h)³ − (x − h)³) / 2h = 3x² + h²; a forward difference would be off by 3xh instead
        assertEquals(12 + 1e-4, NumericGradient.derivative(x -> x * x * x, 2, 1e-2), 1e-12);
        assertEquals(Math.cos(1), NumericGradient.derivative(Math::sin, 1), 1e-10);
        assertEquals(1e-5, NumericGradient.H);
    }

    @Test
    void gradientOfAScalarFunctionOfAMatrixEntryByEntry() {
        // J(θ) = Σ_k c_k θ_k² has ∂J/∂θ_k = 2 c_k θ_k, and centred differences of a quadratic are exact up to rounding
        Matrix theta = Matrix.of(new double[][] {{1, -2}, {0.5, 3}});
        Matrix c = Matrix.of(new double[][] {{1, 2}, {3, 4}});
        Matrix before = theta.copy();
        Matrix g = NumericGradient.of(() -> c.hadamard(theta).hadamard(theta).sum(), theta, 1e-4);
        assertMatrix(new double[][] {{2, -8}, {3, 24}}, g, 1e-8);
        assertEquals(before, theta, "every entry is restored exactly");
    }

    @Test
    void relativeErrorIsTheLargestDifferenceOverTheLargestMagnitude() {
        // max |a − n| = 0.5; max (|a| + |n|) = 2 + 2.5
        assertEquals(0.5 / 4.5, NumericGradient.relativeError(Matrix.row(1, 2), Matrix.row(1, 2.5)), 1e-15);
        assertEquals(0, NumericGradient.relativeError(Matrix.row(0, 0), Matrix.row(0, 0)));
        // both tiny: the floor 1e-8 keeps the ratio from blowing up
        assertEquals(1e-12 / 1e-8, NumericGradient.relativeError(Matrix.row(1e-12), Matrix.row(0.0)), 1e-18);
        assertMessage(IllegalArgumentException.class,
                () -> NumericGradient.relativeError(Matrix.row(1, 2), Matrix.column(1, 2)), "relativeError", "1×2", "2×1");
    }

    @Test
    void entryRelativeErrorJudgesEachEntryByItsOwnSizeAboveTheFloor() {
        // entry 0: 0.5 / 2.5; entry 1: 1e-6 / 1e-2 = 1e-4; entry 2 is below the floor: 1e-9 / 1e-3
        Matrix a = Matrix.row(2, 1e-2 + 1e-6, 1e-5 + 1e-9), n = Matrix.row(2.5, 1e-2, 1e-5);
        assertEquals(0.2, NumericGradient.entryRelativeError(a, n), 1e-12);
        assertEquals(0, NumericGradient.worstEntry(a, n, NumericGradient.FLOOR));
        Matrix small = Matrix.row(2, 1e-2 + 1e-6, 1e-5 + 1e-9), smallN = Matrix.row(2, 1e-2, 1e-5);
        assertEquals(1e-6 / (1e-2 + 1e-6), NumericGradient.entryRelativeError(small, smallN), 1e-15);
        assertEquals(1, NumericGradient.worstEntry(small, smallN, NumericGradient.FLOOR));
        assertEquals(1e-6, NumericGradient.entryRelativeError(Matrix.row(1e-5 + 1e-9), Matrix.row(1e-5)), 1e-12);
        // with a smaller floor the tiny entry is judged by its own size
        assertEquals(1e-9 / (1e-5 + 1e-9),
                NumericGradient.entryRelativeError(Matrix.row(1e-5 + 1e-9), Matrix.row(1e-5), 1e-8), 1e-15);
        assertEquals("(0, 1): analytic 0.010001, numeric 0.01", NumericGradient.describeEntry(small, smallN, 1));
        // nor against less than 1e-3 of the largest entry: here 25, so the floor is 0.025
        assertEquals(3e-10 / 0.025, NumericGradient.entryRelativeError(Matrix.row(25, 0), Matrix.row(25, -3e-10)), 1e-20);
    }

    @Test
    void entryRelativeErrorOfANaNIsNaNAndABadFloorIsRefused() {
        assertEquals(Double.NaN, NumericGradient.entryRelativeError(Matrix.row(1, Double.NaN, 3), Matrix.row(1, 2, 3)));
        assertEquals(1, NumericGradient.worstEntry(Matrix.row(1, Double.NaN, 30), Matrix.row(1, 2, 3), 1e-3));
        assertMessage(IllegalArgumentException.class, () -> NumericGradient.entryRelativeError(Matrix.row(1), Matrix.row(1), 0),
                "entryRelativeError", "floor", "got 0.0");
        assertMessage(IllegalArgumentException.class,
                () -> NumericGradient.entryRelativeError(Matrix.row(1, 2), Matrix.column(1, 2)), "entryRelativeError",
                        "1×2", "2×1");
        assertMessage(IllegalArgumentException.class, () -> NumericGradient.entryRelativeError(null, Matrix.row(1)), "got null");
    }

    /**
     * A finite difference needs a step h that is finite, positive and not lost when added to x: otherwise the quotient
     * is NaN, or 0, or the slope of nothing, and a gradient check would compare against it silently.
     */
    @Nested
    class TheStep {
        private static final DoubleUnaryOperator SQUARE = x -> x * x;

        @ParameterizedTest
        @ValueSource(doubles = {0, -0.0, -1e-5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
        void derivativeRefusesABadStep(double h) {
            assertMessage(IAE, () -> NumericGradient.derivative(SQUARE, 1, h), "NumericGradient.derivative",
                    "the step h must be a finite number > 0, got " + h);
        }

        @ParameterizedTest
        @ValueSource(doubles = {0, -1e-5, Double.NaN})
        void ofRefusesABadStep(double h) {
            Matrix theta = Matrix.row(1, 2);
            assertMessage(IAE, () -> NumericGradient.of(() -> theta.sum(), theta, h), "NumericGradient.of",
                    "the step h must be a finite number > 0, got " + h);
            assertEquals(Matrix.row(1, 2), theta);
        }

        @Test void aStepLostNextToXIsRefused() {
            assertMessage(IAE, () -> NumericGradient.derivative(SQUARE, 1e10, 1e-7),
                    "the step h = 1.0E-7 is lost next to x = 1.0E10",
                    "x + h == x", "at least " + Math.ulp(1e10));
            assertMessage(IAE, () -> NumericGradient.derivative(SQUARE, 1, 1e-16), "lost next to x = 1.0");   // only x + h == x
            assertMessage(IAE, () -> NumericGradient.derivative(SQUARE, -1, 1e-16), "lost next to x = -1.0");  // only x − h == x
            assertEquals(2, NumericGradient.derivative(SQUARE, 1, 1e-5), 1e-9);   // a step that x ± h resolves still works
            assertEquals(0, NumericGradient.derivative(SQUARE, 0, Double.MIN_VALUE));
        }

        @Test void aNonFiniteXIsRefused() {
            assertMessage(IAE, () -> NumericGradient.derivative(SQUARE, Double.NaN, 1e-5), "x = NaN", "expected a finite number");
            assertMessage(IAE, () -> NumericGradient.derivative(SQUARE, Double.NEGATIVE_INFINITY), "x = -Infinity");
        }

        @Test void ofNamesTheEntryWhoseStepIsLost() {
            Matrix theta = Matrix.of(new double[][] {{1, 2}, {3, 1e12}});
            assertMessage(IAE, () -> NumericGradient.of(() -> theta.sum(), theta, 1e-5), "entry (1, 1) of the 2×2 θ",
                    "h = 1.0E-5 is lost next to x = 1.0E12");
        }

        @Test void ofRestoresThetaWhenTheObjectiveThrows() {
            Matrix theta = Matrix.row(1, 2, 3);
            int[] calls = {0};
            assertThrows(IllegalStateException.class, () -> NumericGradient.of(() -> {
                if (++calls[0] == 4) throw new IllegalStateException("the objective failed while entry 1 was nudged");
                return theta.sum();
            }, theta, 1e-3));
            assertEquals(Matrix.row(1, 2, 3), theta, "θ is restored exactly");
        }

        @Test void missingArguments() {
            assertMessage(IAE, () -> NumericGradient.derivative(null, 1), "expected a function f, got null");
            assertMessage(IAE, () -> NumericGradient.of(() -> 0, null, 1e-5), "expected an objective and a matrix θ", "and null");
            assertMessage(IAE, () -> NumericGradient.of(null, Matrix.row(1), 1e-5), "expected an objective", "got null and 1×1");
            assertMessage(IAE, () -> NumericGradient.relativeError(null, Matrix.row(1)), "relativeError", "got null");
            assertMessage(IAE, () -> NumericGradient.relativeError(Matrix.row(1), null), "relativeError", "got null");
        }

        @Test void relativeErrorShapes() {
            assertMessage(IAE, () -> NumericGradient.relativeError(Matrix.zeros(2, 2), Matrix.zeros(1, 2)), "relativeError",
                    "2×2 and 1×2 differ");
        }
    }
}
