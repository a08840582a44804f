package dev.nncourse.optim;

import static dev.nncourse.optim.ThreeSteps.G;
import static dev.nncourse.optim.ThreeSteps.assertSteps;
import static dev.nncourse.optim.ThreeSteps.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RmsProp}: s ← ρ s + (1 − ρ) g², θ ← θ − η g / (√s + ε). */
class RmsPropTest {
    @Test void threeStepsByHand() {
        // η = 0.01, ρ = 0.9, ε = 1e-8.  s1 = 0.1 g1² = (0.025, 0.1), so θ1 = θ0 − 0.01 g1 / (√s1 + ε): each coordinate
        // moves by η / √(1 − ρ) = 0.0316… against the sign of its gradient, whatever the gradient's size.
        double step = 0.01 / Math.sqrt(0.1);
        double[] s = {0.025, 0.1}, theta = {1 - 0.01 * 0.5 / (Math.sqrt(0.025) + 1e-8), -2 + 0.01 / (Math.sqrt(0.1) + 1e-8)};
        assertEquals(1 - step, theta[0], 1e-8);   // ε changes the 9th digit
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
        assertSteps(expected, run(ps -> new RmsProp(ps, 0.01, 0.9, 1e-8)));
    }

    @Test void theMeanSquareAfterOneStep() {
        Parameter w = new Parameter("W", Matrix.row(1, -2));
        RmsProp rms = new RmsProp(List.of(w), 0.1);
        w.setGrad(Matrix.row(G[0]));
        rms.step(1);
        assertEquals(Matrix.row((1 - 0.9) * 0.25, (1 - 0.9) * 1), rms.meanSquare(0));
        assertEquals(0.9, rms.rho());
        assertEquals(1e-8, rms.epsilon());
    }

    @Test void itsStepsSettleAtTheLearningRateForAConstantGradient() {
        for (double g : new double[] {1e-4, 3, 1e4}) {
            Matrix path = Trajectory.of(ps -> new RmsProp(ps, 0.01), Matrix.row(0), t -> Matrix.row(g), 400);
            assertEquals(-0.01, path.at(400) - path.at(399), 1e-6, "gradient " + g);
        }
    }
}
