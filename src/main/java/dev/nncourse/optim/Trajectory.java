package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.List;
import java.util.function.UnaryOperator;

/** The path an optimizer takes on a function of a few variables, such as a 2-D test function drawn as contours. */
public final class Trajectory {
    private Trajectory() {}

    /**
     * The points θ_0 = {@code start}, θ_1, …, θ_n, one per row (n + 1 rows), that {@code optimizer} visits in
     * {@code steps} steps on a function with gradient ∇f: each step sets g = ∇f(θ), then calls
     * {@code afterBatch} and {@code afterEpoch} (so full-batch {@link GradientDescent} steps too). A path that
     * diverges keeps going: its later rows may be infinite or NaN.
     */
    public static Matrix of(Optimizer optimizer, Matrix start, UnaryOperator<Matrix> gradient, int steps) {
        if (optimizer == null || start == null || gradient == null) {
            throw new IllegalArgumentException("Trajectory.of: expected an optimizer, a start and a gradient, got "
                    + optimizer + ", " + start + ", " + gradient);
        }
        if (start.rows() != 1) throw new IllegalArgumentException("Trajectory.of: the start must be one row θ_0, got " + start.shape());
        if (steps < 1) throw new IllegalArgumentException("Trajectory.of: steps must be a positive count, got " + steps);
        start.requireFinite("Trajectory.of: start");
        Parameter theta = new Parameter("θ", start.copy());
        List<Parameter> params = List.of(theta);
        Matrix path = Matrix.zeros(steps + 1, start.cols());
        setRow(path, 0, theta.value());
        for (int t = 1; t <= steps; t++) {
            Matrix g = gradient.apply(theta.value().copy());
            if (g == null) throw new IllegalArgumentException("Trajectory.of: the gradient function returned null at step " + t);
            theta.value().requireSameShape("Trajectory.of: the gradient of θ", g);
            theta.grad().setTo(g);
            optimizer.afterBatch(params, 1);
            optimizer.afterEpoch(params);
            setRow(path, t, theta.value());
        }
        return path;
    }

    private static void setRow(Matrix m, int i, Matrix row) {
        for (int j = 0; j < row.cols(); j++) m.set(i, j, row.at(j));
    }
}
