package dev.nncourse.optim;

import static dev.nncourse.optim.ThreeSteps.assertSteps;
import static dev.nncourse.optim.ThreeSteps.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** {@link Nesterov}: v ← μ v + g, θ ← θ − η (g + μ v). */
class NesterovTest {
    @Test void threeStepsByHand() {
        // η = 0.1, μ = 0.9.  v as for momentum; θ ← θ − η (g + μ v):
        // θ1 = (1 − 0.1 (0.5 + 0.45), −2 − 0.1 (−1 − 0.9))        = (0.905, −1.81)
        // θ2 = (0.905 − 0.1 (−0.25 + 0.18), −1.81 − 0.1 (2 + 0.99)) = (0.912, −2.109)
        // θ3 = (0.912 − 0.1 (1 + 1.062), −2.109 − 0.1 (0 + 0.891))  = (0.7058, −2.1981)
        assertSteps(new double[][] {{0.905, -1.81}, {0.912, -2.109}, {0.7058, -2.1981}}, run(ps -> new Nesterov(ps, 0.1, 0.9)));
    }

    /**
     * Across the steep direction y of f = x² + 10 y² (curvature λ = 20, η λ = 0.4), heavy-ball momentum oscillates with
     * amplitude shrinking by √μ = 0.95 per step, Nesterov by √(μ (1 − ηλ)) = 0.73: after 20 steps its swings are far smaller.
     */
    @Test void itDampsTheOscillationAcrossANarrowValleyFasterThanMomentum() {
        Matrix start = Matrix.row(-1.5, 0.8);
        double heavyBall = maxAbsY(Trajectory.of(ps -> new Momentum(ps, 0.02, 0.9), start, TrajectoryTest.QUADRATIC, 60));
        double nesterov = maxAbsY(Trajectory.of(ps -> new Nesterov(ps, 0.02, 0.9), start, TrajectoryTest.QUADRATIC, 60));
        assertTrue(nesterov < 0.05 * heavyBall, "max |y| after step 20: Nesterov " + nesterov + ", momentum " + heavyBall);
    }

    private static double maxAbsY(Matrix path) {
        double m = 0;
        for (int t = 20; t < path.rows(); t++) m = Math.max(m, Math.abs(path.get(t, 1)));
        return m;
    }
}
