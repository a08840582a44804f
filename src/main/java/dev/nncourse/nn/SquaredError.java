package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;

/**
 * Half the squared error of source 002: L(y, t) = ½ (y − t)ᵀ(y − t), a scalar per sample, with ∇_y L = y − t.
 *
 * <p>{@link #total} is ½ Σ_i ‖y_i − t_i‖², which for a single sample is exactly source 002's {@code mse};
 * {@link #cost} is the mean-over-batch variant (1/m) Σ_i ½ ‖y_i − t_i‖².
 */
public final class SquaredError implements Loss {
    public static final SquaredError INSTANCE = new SquaredError();

    private SquaredError() {}

    /**
     * L_i = ½ (y_i − t_i)ᵀ(y_i − t_i). A sample whose e = y_i − t_i is finite but whose Σ_j e_j² overflows (|e_j| above
     * about 1.3e154) is summed again with e scaled by 2⁻²⁵⁶ (exact) and the result scaled back, so L_i is finite
     * whenever the exact ½‖e‖² is.
     */
    @Override
    public Matrix perSample(Matrix y, Matrix t) {
        Loss.requireSameShape(name(), y, t);
        Require.finite(name() + ": target", t);
        Matrix e = y.minus(t);
        Matrix l = e.hadamard(e).rowSums().scale(0.5);
        for (int i = 0; i < l.rows(); i++) {
            if (Double.isInfinite(l.at(i)) && e.getRow(i).isFinite()) l.setAt(i, halfSquaredNormScaled(e, i));
        }
        return l;
    }

    /** ½ Σ_j e_ij² as 2⁵¹² · ½ Σ_j (2⁻²⁵⁶ e_ij)²: every factor is a power of two, so only the final scaling can overflow. */
    private static double halfSquaredNormScaled(Matrix e, int i) {
        double s = 0;
        for (int j = 0; j < e.cols(); j++) {
            double v = Math.scalb(e.get(i, j), -256);
            s += v * v;
        }
        return Math.scalb(0.5 * s, 512);
    }

    /** ∂L_i/∂y_i = y_i − t_i. */
    @Override
    public Matrix gradient(Matrix y, Matrix t) {
        Loss.requireSameShape(name(), y, t);
        Require.finite(name() + ": target", t);
        return y.minus(t);
    }

    @Override public String name() { return "mse"; }

    @Override public String toString() { return "½‖y − t‖²"; }
}
