package dev.nncourse.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.NumericGradient;
import dev.nncourse.linalg.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sigmoid, tanh and log loss stay finite and correct at the extremes: |x| = 1e3, and predictions of exactly 0 or 1. */
class NumericalStabilityTest {
    private static final double EPS = LogLoss.EPS;

    @ParameterizedTest
    @ValueSource(doubles = {-1e3, -745, -40, -1, 0, 1, 40, 745, 1e3})
    void sigmoidIsFiniteAndMatchesItsExactForm(double x) {
        double s = Activations.SIGMOID.f(x), ds = Activations.SIGMOID.df(x);
        assertTrue(Double.isFinite(s) && Double.isFinite(ds), x + " → " + s + ", " + ds);
        // σ(x) = 1 / (1 + e^(−x)) and, for x < 0, e^x / (1 + e^x): compare with the form that is exact on that side.
        double exact = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
        assertEquals(exact, s, Math.ulp(exact) * 2);
        assertEquals(exact * (1 - exact), ds, Math.ulp(exact) * 2);
        assertEquals(1 - s, Activations.sigmoid(-x), 1e-16, "σ(−x) = 1 − σ(x)");
    }

    @Test void sigmoidAtPlusMinusAThousand() {
        assertEquals(1.0, Activations.SIGMOID.f(1e3));
        assertEquals(0.0, Activations.SIGMOID.f(-1e3));   // e^(−1000) underflows to 0: the correctly rounded value
        assertEquals(0.0, Activations.SIGMOID.df(1e3));
        assertEquals(0.0, Activations.SIGMOID.df(-1e3));
        // σ(−700) ≈ e^(−700) is still representable, and the stable form keeps full relative precision there.
        assertEquals(Math.exp(-700), Activations.SIGMOID.f(-700), Math.exp(-700) * 1e-15);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e3, -20, -1e-8, 0, 1e-8, 20, 1e3})
    void tanhIsFiniteAndCorrect(double x) {
        double t = Activations.TANH.f(x), dt = Activations.TANH.df(x);
        assertTrue(Double.isFinite(t) && Double.isFinite(dt));
        assertEquals(Math.abs(x) >= 20 ? Math.signum(x) : Math.tanh(x), t, 1e-16);
        assertEquals(Math.abs(x) >= 20 ? 0 : 1 - Math.tanh(x) * Math.tanh(x), dt, 1e-16);
        if (Math.abs(x) < 20) assertEquals(NumericGradient.derivative(Activations.TANH::f, x), dt, 1e-9);
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
}
