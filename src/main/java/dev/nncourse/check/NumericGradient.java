package dev.nncourse.check;

import dev.nncourse.linalg.Matrix;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/** Centred finite differences: f′(x) ≈ (f(x + h) − f(x − h)) / 2h, with error O(h²). */
public final class NumericGradient {
    /** The default step h = 1e-5, near the best trade-off between truncation O(h²) and rounding O(ε/h) in double. */
    public static final double H = 1e-5;

    private NumericGradient() {}

    /** (f(x + h) − f(x − h)) / 2h. */
    public static double derivative(DoubleUnaryOperator f, double x, double h) {
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }

    /** {@link #derivative(DoubleUnaryOperator, double, double)} with h = {@link #H}. */
    public static double derivative(DoubleUnaryOperator f, double x) { return derivative(f, x, H); }

    /**
     * ∂J/∂θ for every entry of θ, where J is computed by {@code objective} from the current value of θ:
     * each entry is nudged by ±h in place, J evaluated, and the entry restored exactly.
     */
    public static Matrix of(DoubleSupplier objective, Matrix theta, double h) {
        Matrix g = Matrix.zeros(theta.rows(), theta.cols());
        for (int k = 0; k < theta.size(); k++) {
            double saved = theta.at(k);
            theta.setAt(k, saved + h);
            double plus = objective.getAsDouble();
            theta.setAt(k, saved - h);
            double minus = objective.getAsDouble();
            theta.setAt(k, saved);
            g.setAt(k, (plus - minus) / (2 * h));
        }
        return g;
    }

    /**
     * The relative error of an analytic gradient a against a numeric one n:
     * max_k |a_k − n_k| / max(1e-8, max_k (|a_k| + |n_k|)).
     */
    public static double relativeError(Matrix analytic, Matrix numeric) {
        analytic.requireSameShape("relativeError", numeric);
        double diff = 0, scale = 0;
        for (int k = 0; k < analytic.size(); k++) {
            diff = Math.max(diff, Math.abs(analytic.at(k) - numeric.at(k)));
            scale = Math.max(scale, Math.abs(analytic.at(k)) + Math.abs(numeric.at(k)));
        }
        return diff / Math.max(1e-8, scale);
    }
}
