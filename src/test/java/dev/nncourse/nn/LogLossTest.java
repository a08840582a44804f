package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static dev.nncourse.nn.LossesTest.assertGradientRowsMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.NumericGradient;
import dev.nncourse.linalg.Matrix;
import org.junit.jupiter.api.Test;

/**
 * {@link LogLoss}, L(a, y) = −Σ_j (y_j log a_j + (1 − y_j) log(1 − a_j)), against hand-worked values; finite and correct
 * at the extremes (predictions of exactly 0 or 1, a sigmoid output at |z| = 1e3), where its clip makes it flat.
 */
class LogLossTest {
    private static final Loss LOG = Losses.LOG_LOSS;
    private static final double EPS = LogLoss.EPS;
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

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

    @Test void logLossAtCertainCorrectPredictions() {
        // a = y exactly: the true loss is 0. The prediction is clipped to ε or 1 − ε there, so the loss computed is a
        // constant (about 1e-12) in a neighbourhood of a, and its gradient is 0.
        Matrix a = Matrix.column(1, 0), y = Matrix.column(1, 0);
        Matrix l = Losses.LOG_LOSS.perSample(a, y), g = Losses.LOG_LOSS.gradient(a, y);
        assertTrue(l.isFinite() && g.isFinite());
        assertEquals(0, l.get(0, 0), 2 * EPS);
        assertEquals(0, l.get(1, 0), 2 * EPS);
        assertEquals(0, g.get(0, 0));
        assertEquals(0, g.get(1, 0));
    }

    @Test void logLossAtCertainWrongPredictionsIsClippedNotInfinite() {
        // a = 1 − y exactly: the true loss is ∞; the clipped one is −log ε ≈ 27.63, flat, so its gradient is 0.
        Matrix a = Matrix.column(0, 1), y = Matrix.column(1, 0);
        Matrix l = Losses.LOG_LOSS.perSample(a, y), g = Losses.LOG_LOSS.gradient(a, y);
        assertTrue(l.isFinite() && g.isFinite());
        assertEquals(-Math.log(EPS), l.get(0, 0), 1e-9);
        assertEquals(-Math.log(EPS), l.get(1, 0), 1e-3);
        assertEquals(0, g.get(0, 0));
        assertEquals(0, g.get(1, 0));
    }

    /** The gradient is that of the function computed, clip included: finite differences agree on both sides of it. */
    @Test void logLossGradientIsThatOfTheClippedLoss() {
        for (double p : new double[] {0, 1e-300, 1e-13, 0.5 * EPS, 1 - 0.5 * EPS, 1 - 1e-14, 1}) {
            for (double y : new double[] {0, 0.3, 1}) {
                double analytic = Losses.LOG_LOSS.gradient(Matrix.column(p), Matrix.column(y)).get(0, 0);
                double h = 1e-14;   // stays on the clipped side
                double left = Math.max(0, p - h), right = Math.min(1, p + h);
                double numeric = (Losses.LOG_LOSS.cost(Matrix.column(right), Matrix.column(y))
                        - Losses.LOG_LOSS.cost(Matrix.column(left), Matrix.column(y))) / (right - left);
                assertEquals(0, numeric, "a = " + p + ", y = " + y + ": the clipped loss is flat here");
                assertEquals(0, analytic, "a = " + p + ", y = " + y);
            }
        }
    }

    /**
     * A sigmoid output layer with log loss: backprop agrees with finite differences at every pre-activation, inside the
     * clip (|z| &lt; 27.6, where ∂L/∂z = a − y) and beyond it (where the clipped loss is flat and ∂L/∂z = 0). Before the
     * fix, z = 30 … 32 gave ∂J/∂b ≈ 0.05 against a numeric 0.
     */
    @Test void sigmoidWithLogLossPassesAGradientCheckAtEveryPreActivation() {
        double[] zs = {-45, -40, -36.7, -32, -31, -30, -28, -15, -3, 0, 3, 15, 28, 30, 31, 32, 36.7, 40, 45};
        for (double label : new double[] {0, 1}) {
            for (double z : zs) {
                Dense out = new Dense(1, 1, Activations.SIGMOID, Initializers.of("one", (n, k, r) -> Matrix.filled(1, 1, 1)),
                        new java.util.Random(0));
                Matrix x = Matrix.column(z), t = Matrix.column(label);
                // Between |z| = 10 and the clip, the loss of σ(z) is computed from a 1 − σ(±z) that keeps only about
                // 16 − |z|/2.3 digits, so finite differences themselves are that noisy there; elsewhere 1e-7 holds.
                double tol = Math.abs(z) > 10 && Math.abs(z) < 27.6 ? 1e-2 : 1e-7;
                dev.nncourse.check.GradientCheck.of(out, Losses.LOG_LOSS, x, t).requireBelow(tol);
            }
        }
    }

    @Test void logLossGradientMatchesFiniteDifferencesInsideTheClip() {
        for (double p : new double[] {1e-6, 0.3, 0.5, 1 - 1e-6}) {
            for (double y : new double[] {0, 1}) {
                double analytic = Losses.LOG_LOSS.gradient(Matrix.column(p), Matrix.column(y)).get(0, 0);
                double numeric = NumericGradient.derivative(
                        q -> Losses.LOG_LOSS.cost(Matrix.column(q), Matrix.column(y)), p, Math.min(1e-9, p / 10));
                assertEquals(numeric, analytic, 1e-5 * Math.abs(analytic), "a = " + p + ", y = " + y);
            }
        }
    }

    @Test void sigmoidOutputWithLogLossAtAThousandStaysFinite() {
        Dense out = new Dense(1, 1, Activations.SIGMOID, Initializers.of("one", (n, k, r) -> Matrix.filled(1, 1, 1)),
                new java.util.Random(0));
        for (double x : new double[] {-1e3, 1e3}) {
            for (double y : new double[] {0, 1}) {
                Matrix a = out.forward(Matrix.column(x));
                assertTrue(Losses.LOG_LOSS.perSample(a, Matrix.column(y)).isFinite());
                Matrix back = out.backward(Losses.LOG_LOSS.gradient(a, Matrix.column(y)));
                assertTrue(back.isFinite() && out.weightGrad().isFinite() && out.biasGrad().isFinite(), "x = " + x + ", y = " + y);
            }
        }
    }

    @Test void logLossShapes() {
        assertMessage(IAE, () -> Losses.LOG_LOSS.cost(Matrix.zeros(2, 1), Matrix.zeros(1, 2)),
                "logloss: prediction 2×1 and target", "shapes 2×1 and 1×2 differ");
    }

    @Test void logLossLabelAboveOne() {
        assertMessage(IAE, () -> Losses.LOG_LOSS.cost(Matrix.column(0.5, 0.5), Matrix.column(0, 2)),
                "label 2.0 at row 1, column 0", "outside [0, 1]");
    }

    @Test void logLossNegativeLabel() {
        assertMessage(IAE, () -> Losses.LOG_LOSS.gradient(Matrix.column(0.5), Matrix.column(-1)), "label -1.0", "outside [0, 1]");
    }

    @Test void logLossNaNLabel() {
        assertMessage(IAE, () -> Losses.LOG_LOSS.cost(Matrix.column(0.5), Matrix.column(Double.NaN)), "label NaN",
                "outside [0, 1]");
    }

    @Test void logLossPredictionOutsideUnitInterval() {
        assertMessage(IAE, () -> Losses.LOG_LOSS.cost(Matrix.column(1.5), Matrix.column(1)), "prediction 1.5", "outside [0, 1]",
                "sigmoid output");
    }
}
