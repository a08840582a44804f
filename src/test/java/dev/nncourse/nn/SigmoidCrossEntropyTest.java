package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.GradientCheck;
import dev.nncourse.check.NumericGradient;
import dev.nncourse.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Binary cross-entropy on logits: the log loss of σ(z), computed from z without overflow, with gradient σ(z) − y. */
class SigmoidCrossEntropyTest {
    private static final Loss XENT = Losses.SIGMOID_CROSS_ENTROPY;

    @Test void isTheConstantInLosses() {
        assertSame(SigmoidCrossEntropy.INSTANCE, XENT);
        assertTrue(Losses.ALL.contains(XENT));
    }

    @Test void equalsTheLogLossOfTheSigmoidWhereThatIsAccurate() {
        for (double z : new double[] {-6, -1.5, -1e-3, 0, 0.7, 3, 6}) {
            for (double y : new double[] {0, 0.3, 1}) {
                double p = Activations.sigmoid(z);
                double logLoss = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
                assertEquals(logLoss, XENT.total(Matrix.row(z), Matrix.row(y)), 1e-13, "z = " + z + ", y = " + y);
                assertEquals(p - y, XENT.gradient(Matrix.row(z), Matrix.row(y)).at(0), 2e-16, "z = " + z + ", y = " + y);
            }
        }
    }

    @Test void sumsTheOutputsOfEachSample() {
        Matrix z = Matrix.of(new double[][] {{0, 2}, {-1, 0}}), y = Matrix.of(new double[][] {{1, 0}, {0, 1}});
        double l0 = Math.log(2) + 2 + Math.log1p(Math.exp(-2)), l1 = Math.log1p(Math.exp(-1)) + Math.log(2);
        assertEquals(l0, XENT.perSample(z, y).get(0, 0), 1e-15);
        assertEquals(l1, XENT.perSample(z, y).get(1, 0), 1e-15);
        assertEquals((l0 + l1) / 2, XENT.cost(z, y), 1e-15);
    }

    /** At |z| = 1e3 and far beyond: a finite loss equal to the exact one, and the exact gradient. */
    @Test void staysExactAtHugeLogits() {
        for (double z : new double[] {1e3, 1e4, 1e100, 1e300, Double.MAX_VALUE}) {
            assertEquals(0, XENT.total(Matrix.row(z), Matrix.row(1)), "z = " + z + ", y = 1 costs nothing");
            assertEquals(0, XENT.total(Matrix.row(-z), Matrix.row(0)));
            assertEquals(z, XENT.total(Matrix.row(z), Matrix.row(0)), "a wrong logit z costs z");
            assertEquals(z, XENT.total(Matrix.row(-z), Matrix.row(1)));
            assertEquals(z / 2, XENT.total(Matrix.row(z), Matrix.row(0.5)), Math.ulp(z));
            assertEquals(0, XENT.gradient(Matrix.row(z), Matrix.row(1)).at(0));
            assertEquals(1, XENT.gradient(Matrix.row(z), Matrix.row(0)).at(0));
            assertEquals(-1, XENT.gradient(Matrix.row(-z), Matrix.row(1)).at(0));
            assertEquals(0.5, XENT.gradient(Matrix.row(z), Matrix.row(0.5)).at(0));
        }
        // Where σ(z) rounds to 1, σ(z) − 1 would be 0; the gradient keeps its value −σ(−z).
        assertEquals(-Math.exp(-40), XENT.gradient(Matrix.row(40), Matrix.row(1)).at(0), Math.exp(-40) * 1e-15);
        assertEquals(Math.exp(-40), XENT.total(Matrix.row(40), Matrix.row(1)), Math.exp(-40) * 1e-15);
    }

    @Test void gradientMatchesFiniteDifferencesOfTheLoss() {
        for (double z : new double[] {-1e3, -745, -40, -5, -0.5, 0, 0.5, 5, 40, 745, 1e3}) {
            for (double y : new double[] {0, 0.25, 1}) {
                double numeric = NumericGradient.derivative(v -> XENT.total(Matrix.row(v), Matrix.row(y)), z);
                double analytic = XENT.gradient(Matrix.row(z), Matrix.row(y)).at(0);
                assertEquals(numeric, analytic, 1e-7 * Math.max(1, Math.abs(z)), "z = " + z + ", y = " + y);
            }
        }
    }

    /** An identity output layer with this loss passes a gradient check with logits up to ±1e3. */
    @Test void anIdentityLayerWithLogitsUpToAThousandPassesAGradientCheck() {
        double[] logits = {-1e3, -300, -30, -1, 0, 1, 30, 300, 1e3};
        double[] labels = {1, 0, 1, 0.3, 1, 0, 0, 1, 0};
        for (boolean bias : new boolean[] {true, false}) {
            Dense out = new Dense(2, 1, Activations.IDENTITY, Initializers.of("fixed", (n, k, r) -> Matrix.column(1, 0)),
                    new Random(0), bias);
            Matrix x = Matrix.zeros(logits.length, 2);
            for (int i = 0; i < logits.length; i++) x.set(i, 0, logits[i]).set(i, 1, 0.5 * i - 2);
            Matrix t = Matrix.column(labels);
            assertEquals(Matrix.column(logits), out.forward(x));
            GradientCheck.of(out, XENT, x, t).requireBelow(1e-7);
            GradientCheck.input(Network.of(out), XENT, x, t).requireBelow(1e-7);
        }
    }

    @Test void refusesLabelsOutsideZeroOneAndNonFiniteLogits() {
        assertMessage(IllegalArgumentException.class, () -> XENT.perSample(Matrix.row(0.5, 0.5), Matrix.row(1, 2)),
                "sigmoid-xent", "label 2.0", "row 0, column 1", "[0, 1]");
        assertMessage(IllegalArgumentException.class, () -> XENT.gradient(Matrix.row(0.5), Matrix.row(Double.NaN)), "label NaN");
        assertMessage(IllegalArgumentException.class, () -> XENT.cost(Matrix.row(Double.NaN), Matrix.row(1)), "logit NaN",
                "identity layer");
        assertMessage(IllegalArgumentException.class, () -> XENT.cost(Matrix.row(Double.NEGATIVE_INFINITY), Matrix.row(1)),
                "logit -Infinity");
        assertMessage(IllegalArgumentException.class, () -> XENT.cost(Matrix.row(1, 2), Matrix.column(1, 2)), "1×2", "2×1");
    }
}
