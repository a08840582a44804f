package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.NumericGradient;
import dev.nncourse.linalg.Matrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SquaredError}, {@link LogLoss}, {@link Losses} and the defaults of {@link Loss}, against hand-worked values. */
class LossesTest {
    private static final Loss MSE = Losses.MSE;
    private static final Loss LOG = Losses.LOG_LOSS;

    // ------------------------------------------------------------ squared error

    @Test
    void squaredErrorIsHalfTheSquaredNormPerSample() {
        Matrix y = Matrix.of(new double[][] {{1, 2}, {3, 5}});
        Matrix t = Matrix.of(new double[][] {{0, 0}, {3, 3}});
        // ½ (1² + 2²) = 2.5 and ½ (0² + 2²) = 2
        assertMatrix(new double[][] {{2.5}, {2}}, MSE.perSample(y, t));
        assertEquals(2.25, MSE.cost(y, t));
        assertEquals(4.5, MSE.total(y, t));
        assertMatrix(new double[][] {{1, 2}, {0, 2}}, MSE.gradient(y, t));
    }

    /** ½‖e‖² is finite when its exact value is, even if e² or Σ e_j² overflow on the way. */
    @Test
    void squaredErrorDoesNotOverflowInAnIntermediate() {
        assertEquals(1.125e308, MSE.total(Matrix.row(1.5e154), Matrix.row(0)), 1e293);       // e² = 2.25e308 overflows
        assertEquals(1e308, MSE.total(Matrix.row(1e154, -1e154), Matrix.row(0, 0)), 1e293);   // Σ e² = 2e308 overflows
        assertEquals(1e308, MSE.total(Matrix.row(0, 0), Matrix.row(1e154, -1e154)), 1e293);
        assertEquals(Double.POSITIVE_INFINITY, MSE.total(Matrix.row(2e154), Matrix.row(0)), "½e² = 2e308 does overflow");
        assertEquals(Double.POSITIVE_INFINITY, MSE.total(Matrix.row(1e308), Matrix.row(-1e308)), "e = 2e308 overflows");
        assertEquals(2.5, MSE.total(Matrix.row(1, 2), Matrix.row(0, 0)), "the plain formula where nothing overflows");
    }

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
    void squaredErrorGradientMatchesFiniteDifferencesOfTheTotal() {
        Matrix y = Matrix.gaussian(5, 3, 1), t = Matrix.gaussian(5, 3, 2);
        assertGradientRowsMatch(MSE, y, t);
    }

    // ------------------------------------------------------------ log loss

    @Test
    void logLossSumsTheOutputsOfEachSample() {
        Matrix a = Matrix.of(new double[][] {{0.8, 0.3}, {0.5, 0.9}});
        Matrix y = Matrix.of(new double[][] {{1, 0}, {0, 1}});
        double l0 = -Math.log(0.8) - Math.log(0.7), l1 = -Math.log(0.5) - Math.log(0.9);
        assertMatrix(new double[][] {{l0}, {l1}}, LOG.perSample(a, y), 1e-15);
        assertEquals((l0 + l1) / 2, LOG.cost(a, y), 1e-15);
        assertEquals(l0 + l1, LOG.total(a, y), 1e-15);
        // ∂L/∂a = −1/a for y = 1 and 1/(1 − a) for y = 0
        assertMatrix(new double[][] {{-1 / 0.8, 1 / 0.7}, {1 / 0.5, -1 / 0.9}}, LOG.gradient(a, y), 1e-14);
    }

    @Test
    void logLossAcceptsSoftLabels() {
        Matrix a = Matrix.row(0.2), y = Matrix.row(0.25);
        assertEquals(-(0.25 * Math.log(0.2) + 0.75 * Math.log(0.8)), LOG.total(a, y), 1e-15);
        assertEquals((0.2 - 0.25) / (0.2 * 0.8), LOG.gradient(a, y).get(0, 0), 1e-15);
    }

    @Test
    void logLossGradientMatchesFiniteDifferencesOfTheTotal() {
        Matrix a = Matrix.of(new double[][] {{0.1, 0.6}, {0.35, 0.95}, {0.5, 0.02}});
        Matrix y = Matrix.of(new double[][] {{0, 1}, {1, 1}, {0.3, 0}});
        assertGradientRowsMatch(LOG, a, y);
    }

    @Test
    void logLossIsClippedSoThatSaturatedPredictionsCostAboutTwentySeven() {
        double clipped = -Math.log(1e-12);   // 27.63…
        assertEquals(clipped, LOG.total(Matrix.row(0.0), Matrix.row(1.0)), 1e-9);
        assertEquals(clipped, LOG.total(Matrix.row(1.0), Matrix.row(0.0)), 1e-4, "1 − 1e-12 is not exact in double");
        assertEquals(0, LOG.total(Matrix.row(0, 1), Matrix.row(0, 1)), 1e-11);
        Matrix g = LOG.gradient(Matrix.row(0, 1), Matrix.row(1, 0));
        assertEquals(Matrix.row(0, 0), g, "where the clip is active the loss is flat, so its gradient is 0");
    }

    @Test
    void logLossRejectsLabelsOutsideZeroOne() {
        assertMessage(IllegalArgumentException.class, () -> LOG.perSample(Matrix.row(0.5, 0.5), Matrix.row(1, 2)),
                "label 2.0", "row 0, column 1", "[0, 1]");
        assertMessage(IllegalArgumentException.class, () -> LOG.gradient(Matrix.column(0.5, 0.5), Matrix.column(0, -1)),
                "label -1.0", "row 1, column 0");
        assertMessage(IllegalArgumentException.class, () -> LOG.cost(Matrix.row(0.5), Matrix.row(Double.NaN)), "label NaN");
    }

    @Test
    void logLossRejectsPredictionsOutsideZeroOne() {
        assertMessage(IllegalArgumentException.class, () -> LOG.perSample(Matrix.row(1.5), Matrix.row(1.0)),
                "prediction 1.5", "sigmoid");
        assertMessage(IllegalArgumentException.class, () -> LOG.gradient(Matrix.row(-0.1), Matrix.row(0.0)), "prediction -0.1");
    }

    // ------------------------------------------------------------ shared

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

    @Test
    void namesAndInstances() {
        assertSame(SquaredError.INSTANCE, Losses.MSE);
        assertSame(LogLoss.INSTANCE, Losses.LOG_LOSS);
        assertSame(SigmoidCrossEntropy.INSTANCE, Losses.SIGMOID_CROSS_ENTROPY);
        assertEquals(List.of("mse", "logloss", "sigmoid-xent"), Losses.ALL.stream().map(Loss::name).toList());
        assertEquals("½‖y − t‖²", MSE.toString());
    }

    /** Row i of the gradient is ∂L_i/∂y_i, which is ∂(Σ_j L_j)/∂y_i: compare with finite differences of the total. */
    private static void assertGradientRowsMatch(Loss loss, Matrix y, Matrix t) {
        Matrix numeric = NumericGradient.of(() -> loss.total(y, t), y, NumericGradient.H);
        Matrix analytic = loss.gradient(y, t);
        assertTrue(NumericGradient.relativeError(analytic, numeric) < 1e-8,
                "analytic " + analytic + "\nnumeric " + numeric);
    }
}
