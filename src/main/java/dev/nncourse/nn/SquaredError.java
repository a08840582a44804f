package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;

/**
 * Half the squared error of seed 002: L(y, t) = ½ (y − t)ᵀ(y − t), a scalar per sample, with ∇_y L = y − t.
 *
 * <p>{@link #total} is ½ Σ_i ‖y_i − t_i‖², which for a single sample is exactly seed 002's {@code mse};
 * {@link #cost} is the mean-over-batch variant (1/m) Σ_i ½ ‖y_i − t_i‖².
 */
public final class SquaredError implements Loss {
    public static final SquaredError INSTANCE = new SquaredError();

    private SquaredError() {}

    /** L_i = ½ (y_i − t_i)ᵀ(y_i − t_i). */
    @Override
    public Matrix perSample(Matrix y, Matrix t) {
        Loss.requireSameShape(name(), y, t);
        t.requireFinite(name() + ": target");
        Matrix e = y.minus(t);
        return e.hadamard(e).rowSums().scale(0.5);
    }

    /** ∂L_i/∂y_i = y_i − t_i. */
    @Override
    public Matrix gradient(Matrix y, Matrix t) {
        Loss.requireSameShape(name(), y, t);
        t.requireFinite(name() + ": target");
        return y.minus(t);
    }

    @Override public String name() { return "mse"; }

    @Override public String toString() { return "½‖y − t‖²"; }
}
