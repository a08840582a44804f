package dev.nncourse.data;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;

/**
 * Standardisation of each input column j: x'_ij = (x_ij − μ_j) / σ_j, with the mean μ_j and the standard deviation
 * σ_j = √((1/n) Σ_i (x_ij − μ_j)²) of the data it was fitted on. Fit it on the training data only, and apply the
 * same μ and σ to validation and test data. A column that is constant in the training data (σ_j = 0, such as an
 * always-blank pixel) is only centred: σ_j is taken as 1.
 *
 * <p>Use it through {@link Split#standardized()}, or {@code Standardizer.fit(train.x())} and then {@code apply}.
 */
public final class Standardizer {
    private final Matrix mean;
    private final Matrix std;

    private Standardizer(Matrix mean, Matrix std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * μ and σ of every column of X (n×d, one sample per row). Each column is first scaled by a power of two,
     * 2^−e with 2^e ≤ max_i |x_ij| &lt; 2^(e+1), so that its sums cannot overflow: μ_j = 2^e · (1/n) Σ_i x_ij 2^−e and
     * σ_j likewise. Scaling by a power of two is exact, so the result is bit for bit that of the plain formulas
     * wherever those do not overflow, and finite, accurate statistics where they would (a column of ±1e308).
     */
    public static Standardizer fit(Matrix x) {
        if (x == null) throw new IllegalArgumentException("Standardizer.fit: expected a matrix, got null");
        return fit("Standardizer.fit: data", x);
    }

    /** {@link #fit} of X, which errors call {@code what}, such as "Split.standardized: training inputs". */
    static Standardizer fit(String what, Matrix x) {
        Require.finite(what, x);
        Matrix mu = Matrix.zeros(1, x.cols()), sd = Matrix.zeros(1, x.cols());
        for (int j = 0; j < x.cols(); j++) {
            double[] v = new double[x.rows()];
            for (int i = 0; i < v.length; i++) v[i] = x.get(i, j);
            double[] stats = meanAndStd(v);
            mu.setAt(j, stats[0]);
            sd.setAt(j, isConstant(v) ? 1 : Math.max(stats[1], Double.MIN_VALUE));   // σ of subnormals may round to 0
        }
        return new Standardizer(mu, sd);
    }

    /** {μ, σ} of the values v, computed on v · 2^−e (see {@link #fit}), then scaled back by 2^e. */
    private static double[] meanAndStd(double[] v) {
        double max = 0;
        for (double a : v) max = Math.max(max, Math.abs(a));
        int e = max == 0 ? 0 : Math.getExponent(max);
        double sum = 0;
        for (double a : v) sum += Math.scalb(a, -e);
        double mean = sum * (1.0 / v.length), squares = 0;
        for (double a : v) {
            double d = Math.scalb(a, -e) - mean;
            squares += d * d;
        }
        return new double[] {Math.scalb(mean, e), Math.scalb(Math.sqrt(squares * (1.0 / v.length)), e)};
    }

    /** Whether every value is the same (the computed σ may then be a rounding error such as 1e-17, not 0). */
    private static boolean isConstant(double[] v) {
        for (double a : v) if (a != v[0]) return false;
        return true;
    }

    /**
     * (x_ij − μ_j) / σ_j for every entry of X, which needs the d columns it was fitted on. Where x_ij − μ_j would
     * overflow (x_ij = −1.7e308, μ_j = 1e308), it is computed as 2 · ((x_ij/2 − μ_j/2) / σ_j).
     */
    public Matrix apply(Matrix x) {
        if (x == null) throw new IllegalArgumentException("Standardizer.apply: expected a matrix, got null");
        return apply("Standardizer.apply: data", x);
    }

    /** {@link #apply(Matrix)} to X, which errors call {@code what}, such as "Split.standardized: test inputs". */
    Matrix apply(String what, Matrix x) {
        if (x.cols() != mean.cols()) {
            throw new IllegalArgumentException(what + " " + x.shape() + " has " + x.cols() + " columns, but the "
                    + "standardizer was fitted on " + mean.cols());
        }
        Require.finite(what, x);
        Matrix z = Matrix.zeros(x.rows(), x.cols());
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                double a = x.get(i, j), mu = mean.at(j), d = a - mu;
                z.set(i, j, Double.isFinite(d) ? d / std.at(j) : 2 * ((0.5 * a - 0.5 * mu) / std.at(j)));
            }
        }
        return z;
    }

    /** The data set with its inputs standardised and its targets as they are. */
    public Dataset apply(Dataset d) {
        if (d == null) throw new IllegalArgumentException("Standardizer.apply: expected a data set, got null");
        return new Dataset(apply("Standardizer.apply: inputs", d.x()), d.y());
    }

    /** The 1×d row of column means μ. */
    public Matrix mean() { return mean.copy(); }

    /** The 1×d row of standard deviations σ (1 for a constant column). */
    public Matrix std() { return std.copy(); }

    @Override public String toString() { return "Standardizer(μ = " + mean + ", σ = " + std + ")"; }
}
