package dev.nncourse.check;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A finite difference needs a step h that is finite, positive and not lost when added to x: otherwise the quotient
 * is NaN, or 0, or the slope of nothing, and a gradient check would compare against it silently.
 */
class NumericGradientStepTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
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
        assertMessage(IAE, () -> NumericGradient.derivative(SQUARE, 1e10, 1e-7), "the step h = 1.0E-7 is lost next to x = 1.0E10",
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

    @Test void gradientCheckNamesTheParameterAndTheStep() {
        Network net = Network.builder(2, 1).dense(3, Activations.TANH).dense(1, Activations.IDENTITY).build();
        Matrix x = Matrix.row(0.5, -1), t = Matrix.row(0.2);
        assertMessage(IAE, () -> GradientCheck.of(net, Losses.MSE, x, t, 0), "GradientCheck.of, parameter layer1.W",
                "the step h must be a finite number > 0, got 0.0");
        assertMessage(IAE, () -> GradientCheck.of(net, Losses.MSE, null, t), "GradientCheck.of", "inputs X", "null and 1×1");
        assertMessage(IAE, () -> GradientCheck.of(net, null, x, t), "GradientCheck.of", "a loss");
        assertMessage(IAE, () -> GradientCheck.input(net, Losses.MSE, x, null), "GradientCheck.input", "1×2 and null");
    }
}
