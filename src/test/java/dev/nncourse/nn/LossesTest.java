package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.NumericGradient;
import dev.nncourse.linalg.Matrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Losses}, the library's losses, and what every {@link Loss} shares: its defaults, its shape check, its name. */
class LossesTest {
    private static final Loss MSE = Losses.MSE;

    /** The mean of finite per-sample losses is finite, though their sum is not: the cost scales, it does not add then divide. */
    @Test
    void finitePerSampleLossesHaveAFiniteCost() {
        Matrix y = Matrix.column(1.5e154, -1.5e154, 1e154), t = Matrix.zeros(3, 1);
        assertTrue(MSE.perSample(y, t).isFinite());
        assertEquals(Double.POSITIVE_INFINITY, MSE.total(y, t), "the exact sum 2.75e308 exceeds the double range");
        assertEquals(9.166666666666667e307, MSE.cost(y, t), 1e293, "(1.125e308 + 1.125e308 + 5e307) / 3");
        assertEquals(Double.MAX_VALUE, Matrix.filled(3, 2, Double.MAX_VALUE).mean());
        assertEquals(0.5, Matrix.row(0, 1).mean());
        assertEquals(Double.POSITIVE_INFINITY, Matrix.row(1, Double.POSITIVE_INFINITY).mean());
        assertTrue(Double.isNaN(Matrix.row(Double.MAX_VALUE, Double.MAX_VALUE, Double.NaN).mean()));
    }

    @Test
    void shapeMismatchNamesTheLossAndBothShapes() {
        for (Loss loss : Losses.ALL) {
            assertMessage(IllegalArgumentException.class, () -> loss.perSample(Matrix.zeros(3, 1), Matrix.zeros(1, 3)),
                    loss.name(), "3×1", "1×3");
            assertMessage(IllegalArgumentException.class, () -> loss.gradient(Matrix.zeros(2, 2), Matrix.zeros(2, 1)),
                    loss.name(), "2×2", "2×1");
        }
        assertMessage(IllegalArgumentException.class, () -> Loss.requireSameShape("mine", Matrix.zeros(1, 2), Matrix.zeros(2, 1)),
                "mine", "1×2", "2×1");
    }

    /** What the trainer asks of a loss instead of asking its class: logits or probabilities, and what saturation means. */
    @Test
    void eachLossSaysWhatTheTrainerNeedsToKnow() {
        assertEquals(List.of(false, false, true), Losses.ALL.stream().map(Loss::takesLogits).toList());
        assertTrue(Losses.SOFTMAX_CROSS_ENTROPY.takesLogits());
        assertEquals(-1, MSE.firstSaturatedRow(Matrix.column(0, 1e300), Matrix.column(1, -1e300)), "mse has no such limit");
        assertEquals(1, Losses.LOG_LOSS.firstSaturatedRow(Matrix.column(0.5, 1e-13), Matrix.column(1, 1)));
        assertEquals(-1, Losses.LOG_LOSS.firstSaturatedRow(Matrix.column(0.5, 1e-11), Matrix.column(1, 1)));
        assertTrue(Losses.LOG_LOSS.whenSaturated().contains("clipping ceiling"), Losses.LOG_LOSS.whenSaturated());
        assertTrue(Losses.SIGMOID_CROSS_ENTROPY.whenSaturated().contains("odds of 10¹² against it"));
    }

    @Test
    void namesAndInstances() {
        assertSame(SquaredError.INSTANCE, Losses.MSE);
        assertSame(LogLoss.INSTANCE, Losses.LOG_LOSS);
        assertSame(SigmoidCrossEntropy.INSTANCE, Losses.SIGMOID_CROSS_ENTROPY);
        assertEquals(List.of("mse", "logloss", "sigmoid-xent"), Losses.ALL.stream().map(Loss::name).toList());
        assertEquals("½‖y − t‖²", MSE.toString());
    }

    /** Row i of the gradient is ∂L_i/∂y_i, which is ∂(Σ_j L_j)/∂y_i: compare with finite differences of the total. */
    static void assertGradientRowsMatch(Loss loss, Matrix y, Matrix t) {
        Matrix numeric = NumericGradient.of(() -> loss.total(y, t), y, NumericGradient.H);
        Matrix analytic = loss.gradient(y, t);
        assertTrue(NumericGradient.relativeError(analytic, numeric) < 1e-8,
                "analytic " + analytic + "\nnumeric " + numeric);
    }
}
