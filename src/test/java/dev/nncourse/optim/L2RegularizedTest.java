package dev.nncourse.optim;

import static dev.nncourse.optim.ThreeSteps.assertSteps;
import static dev.nncourse.optim.ThreeSteps.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link L2Regularized}: before each step of the wrapped optimizer, g ← g + λ W for every weight. */
class L2RegularizedTest {
    @Test void withSgdItIsDecoupledDecay() {
        // θ ← θ − η (g + λ θ) = (1 − η λ) θ − η g, with η = 0.1, λ = 0.5.
        double[] theta = {1, -2};
        double[][] expected = new double[3][];
        for (int t = 0; t < 3; t++) {
            for (int k = 0; k < 2; k++) theta[k] = (1 - 0.05) * theta[k] - 0.1 * ThreeSteps.G[t][k];
            expected[t] = theta.clone();
        }
        assertSteps(expected, run(ps -> new L2Regularized(new Sgd(ps, 0.1), 0.5)));
        assertArrayEquals(run("b", ps -> new Sgd(ps, 0.1))[2], run("b", ps -> new L2Regularized(new Sgd(ps, 0.1), 0.5))[2],
                "biases are not penalised");
    }

    /** It delegates everything else to the optimizer it wraps: its parameters, the end of an epoch, and abandoning one. */
    @Test void itDelegatesToTheWrappedOptimizer() {
        Parameter w = new Parameter("W", Matrix.row(1, -2));
        GradientDescent gd = new GradientDescent(List.of(w), 0.1);
        L2Regularized l2 = new L2Regularized(gd, 0.5);
        assertSame(gd.parameters(), l2.parameters());
        assertSame(gd, l2.optimizer());
        w.setGrad(Matrix.row(1, 1));
        l2.step(2);
        assertEquals(Matrix.row(1.5, 0), gd.meanGradient(0), "the mean gradient includes λW");
        l2.abandonEpoch();
        assertEquals(0, gd.count());
        w.setGrad(Matrix.row(1, 1));
        l2.step(2);
        l2.endEpoch();
        assertEquals(Matrix.row(1 - 0.1 * 1.5, -2), w.value(), "one epoch of (1, 1) + λW");
    }
}
