package dev.nncourse.optim;

import static dev.nncourse.optim.ThreeSteps.G;
import static dev.nncourse.optim.ThreeSteps.assertSteps;
import static dev.nncourse.optim.ThreeSteps.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Adam}: moments m and v with bias correction, θ ← θ − η m̂ / (√v̂ + ε). */
class AdamTest {
    @Test void threeStepsByHandWithBiasCorrection() {
        // η = 0.01, β1 = 0.9, β2 = 0.999, ε = 1e-8. At t = 1, m̂ = g1 and v̂ = g1², so θ1 = θ0 − η g1 / (|g1| + ε).
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
        assertSteps(expected, run(ps -> new Adam(ps, 0.01, 0.9, 0.999, 1e-8)));
    }

    @Test void theMomentsAndTheStepCount() {
        Parameter w = new Parameter("W", Matrix.row(1, -2));
        Adam adam = new Adam(List.of(w), 0.01);
        assertEquals(Matrix.zeros(1, 2), adam.m(0), "zero before the first step");
        assertEquals(0, adam.steps());
        w.setGrad(Matrix.row(G[0]));
        adam.step(1);
        assertEquals(1, adam.steps());
        assertEquals(Matrix.row((1 - 0.9) * 0.5, (1 - 0.9) * -1), adam.m(0));      // m1 = (1 − β1) g1
        assertEquals(Matrix.row((1 - 0.999) * 0.25, (1 - 0.999) * 1), adam.v(0));  // v1 = (1 − β2) g1²
        adam.m(0).clear();
        assertEquals(Matrix.row((1 - 0.9) * 0.5, (1 - 0.9) * -1), adam.m(0), "m(i) is a copy");
        assertEquals(List.of(0.9, 0.999, 1e-8), List.of(adam.beta1(), adam.beta2(), adam.epsilon()));
    }

    @Test void itsFirstStepIsTheLearningRateInEveryCoordinateWhateverTheGradientsScale() {
        Parameter w = new Parameter("W", Matrix.row(0, 0, 0, 0));
        w.setGrad(Matrix.row(1e-3, -1, 1e3, -1e6));
        new Adam(List.of(w), 0.05).step(1);
        for (int k = 0; k < 4; k++) assertEquals(0.05, Math.abs(w.value().at(k)), 1e-6);
        assertTrue(w.value().at(0) < 0 && w.value().at(1) > 0, "against the gradient");
    }
}
