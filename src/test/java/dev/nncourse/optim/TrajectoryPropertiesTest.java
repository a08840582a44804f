package dev.nncourse.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Known properties of the optimizers' trajectories, and {@link Trajectory} itself. */
class TrajectoryPropertiesTest {
    /** f(x, y) = x² + 10 y² (condition number 10) and its gradient (2x, 20y). */
    static final UnaryOperator<Matrix> QUADRATIC = t -> Matrix.row(2 * t.at(0), 20 * t.at(1));
    /** Rosenbrock f(x, y) = (1 − x)² + 100 (y − x²)² and its gradient. */
    static final UnaryOperator<Matrix> ROSENBROCK = t -> {
        double x = t.at(0), y = t.at(1);
        return Matrix.row(-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x));
    };

    @Test
    void adamsFirstStepIsTheLearningRateInEveryCoordinateWhateverTheGradientsScale() {
        Parameter w = new Parameter("W", Matrix.row(0, 0, 0, 0));
        w.grad().setTo(Matrix.row(1e-3, -1, 1e3, -1e6));
        new Adam(0.05).afterBatch(List.of(w), 1);
        for (int k = 0; k < 4; k++) assertEquals(0.05, Math.abs(w.value().at(k)), 1e-6);
        assertTrue(w.value().at(0) < 0 && w.value().at(1) > 0, "against the gradient");
    }

    @Test
    void momentumStepsApproachLearningRateTimesGradientOverOneMinusMu() {
        Matrix path = Trajectory.of(new Momentum(0.01, 0.9), Matrix.row(0), t -> Matrix.row(2), 300);
        double lastStep = path.at(300) - path.at(299);
        assertEquals(-0.01 * 2 / (1 - 0.9), lastStep, 1e-12);
        assertEquals(-0.02, path.at(1) - path.at(0), 1e-15, "the first step is SGD's");
    }

    @Test
    void rmsPropStepsSettleAtTheLearningRateForAConstantGradient() {
        for (double g : new double[] {1e-4, 3, 1e4}) {
            Matrix path = Trajectory.of(new RmsProp(0.01), Matrix.row(0), t -> Matrix.row(g), 400);
            assertEquals(-0.01, path.at(400) - path.at(399), 1e-6, "gradient " + g);
        }
    }

    @Test
    void everyOptimizerReachesTheMinimumOfTheIllConditionedQuadratic() {
        Matrix start = Matrix.row(-1.5, 0.8);
        for (Optimizer opt : List.of(new Sgd(0.09), new Momentum(0.02, 0.9), new Nesterov(0.02, 0.9), new RmsProp(0.01),
                new Adam(0.05), new AdamW(0.05, 0.01), new GradientDescent(0.09))) {
            Matrix path = Trajectory.of(opt, start, QUADRATIC, 500);
            Matrix end = path.getRow(500);
            assertTrue(end.maxAbs() < 0.02, opt + " ends at " + end);
        }
    }

    /**
     * Across the steep direction y (curvature λ = 20, ε λ = 0.4), heavy-ball momentum oscillates with amplitude shrinking
     * by √μ = 0.95 per step, Nesterov by √(μ (1 − ελ)) = 0.73: after 20 steps Nesterov's swings are far smaller.
     */
    @Test
    void nesterovDampsTheOscillationAcrossTheNarrowValleyFaster() {
        Matrix start = Matrix.row(-1.5, 0.8);
        double heavyBall = maxAbsAfter(Trajectory.of(new Momentum(0.02, 0.9), start, QUADRATIC, 60), 1, 20);
        double nesterov = maxAbsAfter(Trajectory.of(new Nesterov(0.02, 0.9), start, QUADRATIC, 60), 1, 20);
        assertTrue(nesterov < 0.05 * heavyBall, "max |y| after step 20: Nesterov " + nesterov + ", momentum " + heavyBall);
    }

    @Test
    void onRosenbrockAdamGetsCloseToTheMinimumAtOneOne() {
        Matrix path = Trajectory.of(new Adam(0.02), Matrix.row(-1.5, 2), ROSENBROCK, 3000);
        Matrix end = path.getRow(3000);
        assertTrue(end.isClose(Matrix.row(1, 1), 0.05), "Adam ends at " + end);
    }

    @Test
    void aTrajectoryStartsAtTheStartHasOneRowPerStepAndLeavesTheStartAlone() {
        Matrix start = Matrix.row(0.5, -0.5);
        Matrix path = Trajectory.of(new Sgd(0.1), start, QUADRATIC, 3);
        assertEquals("4×2", path.shape());
        assertEquals(Matrix.row(0.5, -0.5), path.getRow(0));
        assertEquals(Matrix.row(0.5, -0.5), start);
        assertEquals(Matrix.row(0.5 - 0.1 * 1, -0.5 + 0.1 * 10), path.getRow(1));
    }

    @Test
    void aDivergingTrajectoryKeepsItsNonFiniteRows() {
        Matrix path = Trajectory.of(new Sgd(1), Matrix.row(1, 1), QUADRATIC, 400);
        assertNotEquals(true, path.isFinite());
        assertEquals(401, path.rows());
    }

    @Test
    void badArguments() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        dev.nncourse.TestSupport.assertMessage(iae, () -> Trajectory.of(new Sgd(1), Matrix.zeros(2, 2), QUADRATIC, 3), "one row", "2×2");
        dev.nncourse.TestSupport.assertMessage(iae, () -> Trajectory.of(new Sgd(1), Matrix.row(0, 0), QUADRATIC, 0), "steps", "got 0");
        dev.nncourse.TestSupport.assertMessage(iae, () -> Trajectory.of(new Sgd(1), Matrix.row(0, 0), t -> Matrix.row(1), 2),
                "gradient of θ", "1×2", "1×1");
        dev.nncourse.TestSupport.assertMessage(iae, () -> Trajectory.of(new Sgd(1), Matrix.row(Double.NaN, 0), QUADRATIC, 2),
                "start", "NaN");
        dev.nncourse.TestSupport.assertMessage(iae, () -> Trajectory.of(new Sgd(1), Matrix.row(0, 0), t -> null, 2), "returned null");
    }

    private static double maxAbsAfter(Matrix path, int column, int from) {
        double m = 0;
        for (int t = from; t < path.rows(); t++) m = Math.max(m, Math.abs(path.get(t, column)));
        return m;
    }
}
