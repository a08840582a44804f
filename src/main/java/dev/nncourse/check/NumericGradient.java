package dev.nncourse.check;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/** Centred finite differences: f′(x) ≈ (f(x + h) − f(x − h)) / 2h, with error O(h²). */
public final class NumericGradient {
    /** The default step h = 1e-5, near the best trade-off between truncation O(h²) and rounding O(ε/h) in double. */
    public static final double H = 1e-5;

    private NumericGradient() {}

    /**
     * (f(x + h) − f(x − h)) / 2h. Needs a finite x, a finite step h &gt; 0, and x ± h to differ from x: a step below
     * half an ulp of x is lost in the rounding of x + h, and the quotient would be 0 or nonsense.
     */
    public static double derivative(DoubleUnaryOperator f, double x, double h) {
        if (f == null) throw new IllegalArgumentException("NumericGradient.derivative: expected a function f, got null");
        requireStep("NumericGradient.derivative", h);
        String lost = lost(x, h);
        if (lost != null) throw new IllegalArgumentException("NumericGradient.derivative: " + lost);
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }

    private static void requireStep(String op, double h) {
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException(op + ": the step h must be a finite number > 0, got " + h + "; the default is " + H);
        }
    }

    /** Why x ± h cannot give a difference quotient (x not finite, or h lost in rounding x ± h), or null if they can. */
    private static String lost(double x, double h) {
        if (!Double.isFinite(x)) return "x = " + x + "; expected a finite number";
        if (x + h != x && x - h != x) return null;
        return "the step h = " + h + " is lost next to x = " + x + " (x + h == x or x − h == x in double precision); "
                + "expected h of at least " + Math.ulp(x) + ", the spacing of doubles near x";
    }

    /** {@link #derivative(DoubleUnaryOperator, double, double)} with h = {@link #H}. */
    public static double derivative(DoubleUnaryOperator f, double x) { return derivative(f, x, H); }

    /**
     * ∂J/∂θ for every entry of θ, where J is computed by {@code objective} from the current value of θ:
     * each entry is nudged by ±h in place, J evaluated, and the entry restored exactly (also when J throws). Every
     * entry must be finite and h a step that x ± h can resolve (see {@link #derivative(DoubleUnaryOperator, double, double)}).
     */
    public static Matrix of(DoubleSupplier objective, Matrix theta, double h) {
        if (objective == null || theta == null) {
            throw new IllegalArgumentException("NumericGradient.of: expected an objective and a matrix θ, got " + objective
                    + " and " + (theta == null ? "null" : theta.shape()));
        }
        requireStep("NumericGradient.of", h);
        for (int k = 0; k < theta.size(); k++) {
            String lost = lost(theta.at(k), h);
            if (lost != null) {
                throw new IllegalArgumentException("NumericGradient.of: entry (" + k / theta.cols() + ", " + k % theta.cols()
                        + ") of the " + theta.shape() + " θ: " + lost);
            }
        }
        Matrix g = Matrix.zeros(theta.rows(), theta.cols());
        for (int k = 0; k < theta.size(); k++) {
            double saved = theta.at(k);
            try {
                theta.setAt(k, saved + h);
                double plus = objective.getAsDouble();
                theta.setAt(k, saved - h);
                double minus = objective.getAsDouble();
                g.setAt(k, (plus - minus) / (2 * h));
            } finally {
                theta.setAt(k, saved);   // θ is restored exactly, even when the objective throws
            }
        }
        return g;
    }

    /**
     * Below this magnitude an entry's error is judged against FLOOR instead of against the entry itself, in
     * {@link #entryRelativeError}: centred differences at h = {@link #H} compute the gradient of a cost of order 1 only
     * to about 1e-11 … 1e-10 absolute (rounding ε|J|/h), so a relative error of 1e-7 is out of their reach for an entry
     * much smaller than 1e-3. At a tolerance of 1e-7 an entry is held to max(1e-7·|entry|, 1e-10).
     */
    public static final double FLOOR = 1e-3;

    /**
     * Nor is an entry judged against less than this fraction of the gradient's largest entry: the truncation error
     * h²/6·f‴ of a centred difference grows with the function's curvature, which large entries reveal (the log loss's
     * gradient near a = 0.04 is 25, and its finite differences are off by 3e-10 where the true value is 0). An entry a
     * thousand times smaller than the largest is still judged a thousand times more strictly than the norm-wise error
     * judges it.
     */
    public static final double RELATIVE_FLOOR = 1e-3;

    /**
     * The norm-wise relative error of an analytic gradient a against a numeric one n:
     * max_k |a_k − n_k| / max(1e-8, max_k (|a_k| + |n_k|)). An error in a small entry hides behind the large ones: a
     * gradient whose largest entry is 1 passes at 1e-7 with an entry of 1e-3 wrong by 1e-5 of its value. See
     * {@link #entryRelativeError}, which judges every entry by its own size.
     */
    public static double relativeError(Matrix analytic, Matrix numeric) {
        if (analytic == null) throw new IllegalArgumentException("relativeError: expected an analytic gradient, got null");
        Require.sameShape("relativeError", analytic, numeric);
        double diff = 0, scale = 0;
        for (int k = 0; k < analytic.size(); k++) {
            diff = Math.max(diff, Math.abs(analytic.at(k) - numeric.at(k)));
            scale = Math.max(scale, Math.abs(analytic.at(k)) + Math.abs(numeric.at(k)));
        }
        return diff / Math.max(1e-8, scale);
    }

    /**
     * The per-entry relative error of an analytic gradient a against a numeric one n, each entry judged by its own size:
     * max_k |a_k − n_k| / max(|a_k|, |n_k|, floor, {@link #RELATIVE_FLOOR}·max_j max(|a_j|, |n_j|)). Entries smaller
     * than the floor are judged by their absolute error against it (finite differences cannot resolve them relatively;
     * see {@link #FLOOR}).
     */
    public static double entryRelativeError(Matrix analytic, Matrix numeric, double floor) {
        int k = worstEntry(analytic, numeric, floor);
        if (analytic.size() == 0) return 0;
        return entryError(analytic, numeric, Math.max(floor, RELATIVE_FLOOR * largest(analytic, numeric)), k);
    }

    /** max_k max(|a_k|, |n_k|) over the entries that are numbers (a NaN entry is judged, not used as a scale). */
    private static double largest(Matrix analytic, Matrix numeric) {
        double scale = 0;
        for (int k = 0; k < analytic.size(); k++) {
            double v = Math.max(Math.abs(analytic.at(k)), Math.abs(numeric.at(k)));
            if (v > scale && Double.isFinite(v)) scale = v;
        }
        return scale;
    }

    /** {@link #entryRelativeError(Matrix, Matrix, double)} with the floor {@link #FLOOR}. */
    public static double entryRelativeError(Matrix analytic, Matrix numeric) {
        return entryRelativeError(analytic, numeric, FLOOR);
    }

    /** The index k (row-major) of the entry with the largest per-entry relative error, 0 for an empty matrix. */
    public static int worstEntry(Matrix analytic, Matrix numeric, double floor) {
        if (analytic == null) throw new IllegalArgumentException("entryRelativeError: expected an analytic gradient, got null");
        Require.sameShape("entryRelativeError", analytic, numeric);
        if (!(floor > 0) || !Double.isFinite(floor)) {
            throw new IllegalArgumentException("entryRelativeError: the floor must be a finite number > 0, got " + floor
                    + "; the default is " + FLOOR);
        }
        double least = Math.max(floor, RELATIVE_FLOOR * largest(analytic, numeric));
        int worst = 0;
        double err = -1;
        for (int k = 0; k < analytic.size(); k++) {
            double e = entryError(analytic, numeric, least, k);
            if (e > err || Double.isNaN(e)) {
                worst = k;
                err = e;
                if (Double.isNaN(e)) break;   // a NaN entry is the worst there is
            }
        }
        return worst;
    }

    private static double entryError(Matrix analytic, Matrix numeric, double floor, int k) {
        if (analytic.size() == 0) return 0;
        double a = analytic.at(k), n = numeric.at(k);
        return Math.abs(a - n) / Math.max(floor, Math.max(Math.abs(a), Math.abs(n)));
    }

    /** "(i, j): analytic A, numeric N": the entry k of a gradient and both values, for messages. */
    public static String describeEntry(Matrix analytic, Matrix numeric, int k) {
        if (analytic.size() == 0) return "no entries";
        return String.format(java.util.Locale.ROOT, "(%d, %d): analytic %s, numeric %s", k / analytic.cols(),
                k % analytic.cols(), analytic.at(k), numeric.at(k));
    }
}
