package dev.nncourse.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer's first three steps on θ = (1, −2) with the gradients g1 = (0.5, −1), g2 = (−0.25, 2), g3 = (1, 0),
 * against the update equations worked out by hand, coordinate by coordinate.
 */
class StepByHandTest {
    private static final double[][] G = {{0.5, -1}, {-0.25, 2}, {1, 0}};

    /** Steps {@code opt} on θ = (1, −2) with g1, g2, g3 and returns θ after each step. */
    private static double[][] run(Optimizer opt) {
        Parameter theta = new Parameter("W", Matrix.row(1, -2));
        double[][] out = new double[3][];
        for (int t = 0; t < 3; t++) {
            theta.grad().setTo(Matrix.row(G[t]));
            opt.afterBatch(List.of(theta), 4);
            out[t] = theta.value().toFlatArray();
        }
        return out;
    }

    private static void assertSteps(double[][] expected, double[][] actual) {
        for (int t = 0; t < 3; t++) {
            for (int k = 0; k < 2; k++) {
                assertEquals(expected[t][k], actual[t][k], 1e-15 * Math.max(1, Math.abs(expected[t][k])), "θ_" + (t + 1) + "[" + k + "]");
            }
        }
    }

    @Test
    void momentum() {
        // ε = 0.1, μ = 0.9.  v1 = g1 = (0.5, −1),             θ1 = (1 − 0.05, −2 + 0.1)       = (0.95, −1.9)
        //                    v2 = 0.9 v1 + g2 = (0.2, 1.1),   θ2 = (0.95 − 0.02, −1.9 − 0.11)  = (0.93, −2.01)
        //                    v3 = 0.9 v2 + g3 = (1.18, 0.99), θ3 = (0.93 − 0.118, −2.01 − 0.099) = (0.812, −2.109)
        assertSteps(new double[][] {{0.95, -1.9}, {0.93, -2.01}, {0.812, -2.109}}, run(new Momentum(0.1, 0.9)));
    }

    @Test
    void nesterov() {
        // ε = 0.1, μ = 0.9.  v as for momentum; θ ← θ − ε (g + μ v):
        // θ1 = (1 − 0.1 (0.5 + 0.45), −2 − 0.1 (−1 − 0.9))        = (0.905, −1.81)
        // θ2 = (0.905 − 0.1 (−0.25 + 0.18), −1.81 − 0.1 (2 + 0.99)) = (0.912, −2.109)
        // θ3 = (0.912 − 0.1 (1 + 1.062), −2.109 − 0.1 (0 + 0.891))  = (0.7058, −2.1981)
        assertSteps(new double[][] {{0.905, -1.81}, {0.912, -2.109}, {0.7058, -2.1981}}, run(new Nesterov(0.1, 0.9)));
    }

    @Test
    void rmsProp() {
        // ε = 0.01, ρ = 0.9, ε̂ = 1e-8.  s1 = 0.1 g1² = (0.025, 0.1), so θ1 = θ0 − 0.01 g1 / (√s1 + ε̂): each coordinate
        // moves by ε / √(1 − ρ) = 0.0316… against the sign of its gradient, whatever the gradient's size.
        double step = 0.01 / Math.sqrt(0.1);
        double[] s = {0.025, 0.1}, theta = {1 - 0.01 * 0.5 / (Math.sqrt(0.025) + 1e-8), -2 + 0.01 / (Math.sqrt(0.1) + 1e-8)};
        assertEquals(1 - step, theta[0], 1e-8);   // ε̂ changes the 9th digit
        assertEquals(-2 + step, theta[1], 1e-8);
        double[][] expected = new double[3][];
        expected[0] = theta.clone();
        for (int t = 1; t < 3; t++) {
            for (int k = 0; k < 2; k++) {
                s[k] = 0.9 * s[k] + 0.1 * G[t][k] * G[t][k];
                theta[k] -= 0.01 * G[t][k] / (Math.sqrt(s[k]) + 1e-8);
            }
            expected[t] = theta.clone();
        }
        assertSteps(expected, run(new RmsProp(0.01, 0.9, 1e-8)));
    }

    @Test
    void adamWithBiasCorrection() {
        // ε = 0.01, β1 = 0.9, β2 = 0.999, ε̂ = 1e-8. At t = 1, m̂ = g1 and v̂ = g1², so θ1 = θ0 − ε g1 / (|g1| + ε̂).
        double[] m = {0, 0}, v = {0, 0}, theta = {1, -2};
        double[][] expected = new double[3][];
        for (int t = 1; t <= 3; t++) {
            for (int k = 0; k < 2; k++) {
                double g = G[t - 1][k];
                m[k] = 0.9 * m[k] + 0.1 * g;
                v[k] = 0.999 * v[k] + 0.001 * g * g;
                double mHat = m[k] / (1 - Math.pow(0.9, t)), vHat = v[k] / (1 - Math.pow(0.999, t));
                theta[k] -= 0.01 * mHat / (Math.sqrt(vHat) + 1e-8);
            }
            expected[t - 1] = theta.clone();
        }
        assertEquals(1 - 0.01 * 0.5 / (0.5 + 1e-8), expected[0][0], 1e-16);
        assertEquals(-2 + 0.01 / (1 + 1e-8), expected[0][1], 1e-16);
        assertSteps(expected, run(new Adam(0.01, 0.9, 0.999, 1e-8)));
    }

    @Test
    void adamWDecaysWeightsBeforeAdamsStepAndLeavesBiasesAlone() {
        // ε = 0.01, λ = 0.5: W ← (1 − 0.005) W, then Adam's step, which does not depend on W.
        double[][] adam = run(new Adam(0.01)), adamW = new double[3][2];
        double[] decayed = {1, -2};
        for (int t = 0; t < 3; t++) {
            for (int k = 0; k < 2; k++) {
                double adamStep = adam[t][k] - (t == 0 ? new double[] {1, -2}[k] : adam[t - 1][k]);
                decayed[k] = 0.995 * decayed[k] + adamStep;
            }
            adamW[t] = decayed.clone();
        }
        assertSteps(adamW, run(new AdamW(0.01, 0.5)));

        Parameter b = new Parameter("b", Matrix.row(1, -2));
        AdamW opt = new AdamW(0.01, 0.5);
        b.grad().setTo(Matrix.row(G[0]));
        opt.afterBatch(List.of(b), 1);
        assertEquals(Matrix.row(adam[0]), b.value(), "a bias takes Adam's step without decay");
    }

    @Test
    void l2InTheLossWithSgdIsDecoupledDecay() {
        // θ ← θ − ε (g + λ θ) = (1 − ε λ) θ − ε g, with ε = 0.1, λ = 0.5.
        double[] theta = {1, -2};
        double[][] expected = new double[3][];
        for (int t = 0; t < 3; t++) {
            for (int k = 0; k < 2; k++) theta[k] = (1 - 0.05) * theta[k] - 0.1 * G[t][k];
            expected[t] = theta.clone();
        }
        assertSteps(expected, run(new L2Regularized(new Sgd(0.1), 0.5)));
    }

    @Test
    void stateAndStepCountAfterTheSteps() {
        Parameter w = new Parameter("W", Matrix.row(1, -2));
        Adam adam = new Adam(0.01);
        assertNull(adam.m(w));
        assertEquals(0, adam.steps());
        w.grad().setTo(Matrix.row(G[0]));
        adam.afterBatch(List.of(w), 1);
        assertEquals(1, adam.steps());
        assertEquals(Matrix.row((1 - 0.9) * 0.5, (1 - 0.9) * -1), adam.m(w));      // m1 = (1 − β1) g1
        assertEquals(Matrix.row((1 - 0.999) * 0.25, (1 - 0.999) * 1), adam.v(w));  // v1 = (1 − β2) g1²

        Momentum momentum = new Momentum(0.1, 0.9);
        momentum.afterBatch(List.of(w), 1);
        assertEquals(Matrix.row(G[0]), momentum.velocity(w));
        RmsProp rms = new RmsProp(0.1);
        rms.afterBatch(List.of(w), 1);
        assertEquals(Matrix.row((1 - 0.9) * 0.25, (1 - 0.9) * 1), rms.meanSquare(w));
    }
}
