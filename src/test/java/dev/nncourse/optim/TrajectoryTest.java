package dev.nncourse.optim;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link Trajectory}: the path an optimizer, made for the point θ, takes on a function of a few variables. */
class TrajectoryTest {
    /** f(x, y) = x² + 10 y² (condition number 10) and its gradient (2x, 20y). */
    static final UnaryOperator<Matrix> QUADRATIC = t -> Matrix.row(2 * t.at(0), 20 * t.at(1));
    /** Rosenbrock f(x, y) = (1 − x)² + 100 (y − x²)² and its gradient. */
    static final UnaryOperator<Matrix> ROSENBROCK = t -> {
        double x = t.at(0), y = t.at(1);
        return Matrix.row(-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x));
    };

    @Test void aPathStartsAtTheStartHasOneRowPerStepAndLeavesTheStartAlone() {
        Matrix start = Matrix.row(0.5, -0.5);
        Matrix path = Trajectory.of(ps -> new Sgd(ps, 0.1), start, QUADRATIC, 3);
        assertEquals("4×2", path.shape());
        assertEquals(Matrix.row(0.5, -0.5), path.getRow(0));
        assertEquals(Matrix.row(0.5, -0.5), start);
        assertEquals(Matrix.row(0.5 - 0.1 * 1, -0.5 + 0.1 * 10), path.getRow(1));
    }

    @Test void everyOptimizerReachesTheMinimumOfTheIllConditionedQuadratic() {
        Matrix start = Matrix.row(-1.5, 0.8);
        for (Function<List<Parameter>, Optimizer> make : List.<Function<List<Parameter>, Optimizer>>of(ps -> new Sgd(ps, 0.09),
                ps -> new Momentum(ps, 0.02, 0.9), ps -> new Nesterov(ps, 0.02, 0.9), ps -> new RmsProp(ps, 0.01),
                ps -> new Adam(ps, 0.05), ps -> new AdamW(ps, 0.05, 0.01), ps -> new GradientDescent(ps, 0.09))) {
            Matrix end = Trajectory.of(make, start, QUADRATIC, 500).getRow(500);
            assertTrue(end.maxAbs() < 0.02, make.apply(List.of(new Parameter("θ", start))) + " ends at " + end);
        }
    }

    @Test void onRosenbrockAdamGetsCloseToTheMinimumAtOneOne() {
        Matrix end = Trajectory.of(ps -> new Adam(ps, 0.02), Matrix.row(-1.5, 2), ROSENBROCK, 3000).getRow(3000);
        assertTrue(end.isClose(Matrix.row(1, 1), 0.05), "Adam ends at " + end);
    }

    @Test void aDivergingPathKeepsItsNonFiniteRows() {
        Matrix path = Trajectory.of(ps -> new Sgd(ps, 1), Matrix.row(1, 1), QUADRATIC, 400);
        assertFalse(path.isFinite());
        assertEquals(401, path.rows());
    }

    /**
     * An optimizer made for another point would update that point and leave the path where it started, without a word:
     * refused, naming what to write instead. So is one Adam reused for a second path (the case).
     */
    @Test void anOptimizerMadeForAnotherPointIsRefused() {
        Optimizer[] first = new Optimizer[1];
        Trajectory.of(ps -> first[0] = new Adam(ps, 0.1), Matrix.row(1, 1), QUADRATIC, 5);
        assertMessage(IllegalArgumentException.class, () -> Trajectory.of(ps -> first[0], Matrix.row(1, 1), QUADRATIC, 5),
                "Trajectory.of: the optimizer must be made for the point θ it is given");
        Parameter stranger = new Parameter("W", Matrix.row(0, 0));
        assertMessage(IllegalArgumentException.class, () -> Trajectory.of(ps -> new Sgd(List.of(stranger), 0.1), Matrix.row(1, 1),
                QUADRATIC, 5), "Trajectory.of: the optimizer must be made for the point θ it is given", "[W 1×2]");
        assertEquals(Matrix.row(0, 0), stranger.value());
    }

    @Test void badArgumentsAreNamed() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        Function<List<Parameter>, Optimizer> sgd = ps -> new Sgd(ps, 1);
        assertMessage(iae, () -> Trajectory.of(sgd, Matrix.zeros(2, 2), QUADRATIC, 3), "the start must be one row θ_0, got 2×2");
        assertMessage(iae, () -> Trajectory.of(sgd, Matrix.row(0, 0), QUADRATIC, 0), "the number of steps must be a positive "
                + "count, got 0");
        assertMessage(iae, () -> Trajectory.of(sgd, Matrix.row(0, 0), t -> Matrix.row(1), 2), "gradient of θ", "1×2", "1×1");
        assertMessage(iae, () -> Trajectory.of(sgd, Matrix.row(Double.NaN, 0), QUADRATIC, 2), "start", "NaN");
        assertMessage(iae, () -> Trajectory.of(sgd, Matrix.row(0, 0), t -> null, 2),
                "the gradient function returned null at step 1");
        assertMessage(iae, () -> Trajectory.of(null, Matrix.row(0, 0), QUADRATIC, 2),
                "expected a function that makes the optimizer");
        assertMessage(iae, () -> Trajectory.of(ps -> null, Matrix.row(0, 0), QUADRATIC, 2),
                "expected an optimizer from the function");
    }
}
