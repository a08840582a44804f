package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static dev.nncourse.nn.LossesTest.assertGradientRowsMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nncourse.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** {@link SquaredError}, L(y, t) = ½‖y − t‖², against hand-worked values, overflow and bad targets. */
class SquaredErrorTest {
    private static final Loss MSE = Losses.MSE;
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

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

    @Test
    void squaredErrorGradientMatchesFiniteDifferencesOfTheTotal() {
        Matrix y = Matrix.gaussian(5, 3, 1), t = Matrix.gaussian(5, 3, 2);
        assertGradientRowsMatch(MSE, y, t);
    }

    @Test void mseShapes() {
        assertMessage(IAE, () -> Losses.MSE.cost(Matrix.zeros(3, 1), Matrix.zeros(3, 2)),
                "mse: prediction 3×1 and target", "shapes 3×1 and 3×2 differ");
    }

    @Test void mseNaNTarget() {
        Matrix t = Matrix.column(1, Double.NaN);
        assertMessage(IAE, () -> Losses.MSE.gradient(Matrix.zeros(2, 1), t), "mse: target", "entry (1, 0)", "is NaN");
    }

    @Test void mseInfiniteTarget() {
        Matrix t = Matrix.column(Double.POSITIVE_INFINITY, 1);
        assertMessage(IAE, () -> Losses.MSE.cost(Matrix.zeros(2, 1), t), "mse: target", "entry (0, 0)", "is Infinity");
    }
}
