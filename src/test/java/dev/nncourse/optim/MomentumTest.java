package dev.nncourse.optim;

import static dev.nncourse.optim.ThreeSteps.G;
import static dev.nncourse.optim.ThreeSteps.assertSteps;
import static dev.nncourse.optim.ThreeSteps.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Momentum}: v ← μ v + g, θ ← θ − η v. */
class MomentumTest {
    @Test void threeStepsByHand() {
        // η = 0.1, μ = 0.9.  v1 = g1 = (0.5, −1),             θ1 = (1 − 0.05, −2 + 0.1)       = (0.95, −1.9)
        //                    v2 = 0.9 v1 + g2 = (0.2, 1.1),   θ2 = (0.95 − 0.02, −1.9 − 0.11)  = (0.93, −2.01)
        //                    v3 = 0.9 v2 + g3 = (1.18, 0.99), θ3 = (0.93 − 0.118, −2.01 − 0.099) = (0.812, −2.109)
        assertSteps(new double[][] {{0.95, -1.9}, {0.93, -2.01}, {0.812, -2.109}}, run(ps -> new Momentum(ps, 0.1, 0.9)));
    }

    @Test void theVelocityIsZeroFirstThenTheFirstGradient() {
        Parameter w = new Parameter("W", Matrix.row(1, -2));
        Momentum momentum = new Momentum(List.of(w), 0.1, 0.9);
        assertEquals(Matrix.zeros(1, 2), momentum.velocity(0));
        w.setGrad(Matrix.row(G[0]));
        momentum.step(1);
        assertEquals(Matrix.row(G[0]), momentum.velocity(0));
        momentum.velocity(0).clear();
        assertEquals(Matrix.row(G[0]), momentum.velocity(0), "velocity(i) is a copy");
        assertEquals(0.9, momentum.momentum());
    }

    @Test void itsStepsApproachTheLearningRateTimesTheGradientOverOneMinusMu() {
        Matrix path = Trajectory.of(ps -> new Momentum(ps, 0.01, 0.9), Matrix.row(0), t -> Matrix.row(2), 300);
        assertEquals(-0.01 * 2 / (1 - 0.9), path.at(300) - path.at(299), 1e-12);
        assertEquals(-0.02, path.at(1) - path.at(0), 1e-15, "the first step is SGD's");
    }
}
