package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import dev.nncourse.nn.Parameter;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The path an optimizer takes on a function of a few variables, such as a 2-D test function drawn as contours. */
public final class Trajectory {
    private Trajectory() {}

    /**
     * The points θ_0 = {@code start}, θ_1, …, θ_n, one per row (n + 1 rows), that an optimizer visits in {@code steps}
     * steps on a function with gradient ∇f. The optimizer is made for the point θ by {@code optimizer}, as in
     * {@code Trajectory.of(ps -> new Adam(ps, 0.1), start, gradient, 50)}; each step sets g = ∇f(θ), then calls
     * {@code step} and {@code endEpoch} (so full-batch {@link GradientDescent} steps too). A path that diverges keeps
     * going: its later rows may be infinite or NaN.
     */
    public static Matrix of(Function<List<Parameter>, Optimizer> optimizer, Matrix start, UnaryOperator<Matrix> gradient,
                            int steps) {
        Require.given("Trajectory.of", "a function that makes the optimizer for θ", optimizer);
        Require.given("Trajectory.of", "a gradient function", gradient);
        if (Require.given("Trajectory.of", "a start θ_0", start).rows() != 1) {
            throw new IllegalArgumentException("Trajectory.of: the start must be one row θ_0, got " + start.shape());
        }
        Require.positiveCount("Trajectory.of", "the number of steps", steps);
        Require.finite("Trajectory.of: start", start);
        Parameter theta = new Parameter("θ", start.copy());
        Optimizer opt = Require.given("Trajectory.of", "an optimizer from the function", optimizer.apply(List.of(theta)));
        Require.that(opt.parameters().equals(List.of(theta)), "Trajectory.of", "the optimizer", "made for the point θ it is "
                + "given, as in ps -> new Adam(ps, 0.1), one optimizer per path", opt.name() + " for " + opt.parameters());
        Matrix path = Matrix.zeros(steps + 1, start.cols());
        setRow(path, 0, theta.value());
        for (int t = 1; t <= steps; t++) {
            Matrix g = gradient.apply(theta.value().copy());
            if (g == null) throw new IllegalArgumentException("Trajectory.of: the gradient function returned null at step " + t);
            theta.setGrad(Require.sameShape("Trajectory.of: the gradient of θ", theta.value(), g));
            opt.step(1);
            opt.endEpoch();
            setRow(path, t, theta.value());
        }
        return path;
    }

    private static void setRow(Matrix m, int i, Matrix row) {
        for (int j = 0; j < row.cols(); j++) m.set(i, j, row.at(j));
    }
}
