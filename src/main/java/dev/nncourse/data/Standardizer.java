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

    /** μ and σ of every column of X (n×d, one sample per row). */
    public static Standardizer fit(Matrix x) {
        if (x == null) throw new IllegalArgumentException("Standardizer.fit: expected a matrix, got null");
        Require.finite("Standardizer.fit: data", x);
        Matrix mu = x.columnMeans();
        Matrix centred = x.plusRow(mu.scale(-1));
        Matrix sd = centred.hadamard(centred).columnMeans().map(Math::sqrt);
        for (int j = 0; j < x.cols(); j++) if (isConstant(x, j)) sd.setAt(j, 1);
        return new Standardizer(mu, sd);
    }

    /** Whether every entry of column j is the same (its computed σ may then be a rounding error such as 1e-17, not 0). */
    private static boolean isConstant(Matrix x, int j) {
        for (int i = 1; i < x.rows(); i++) if (x.get(i, j) != x.get(0, j)) return false;
        return true;
    }

    /** (x_ij − μ_j) / σ_j for every entry of X, which needs the d columns it was fitted on. */
    public Matrix apply(Matrix x) {
        if (x.cols() != mean.cols()) {
            throw new IllegalArgumentException("Standardizer.apply: data " + x.shape() + " has " + x.cols()
                    + " columns, but it was fitted on " + mean.cols());
        }
        Matrix z = Matrix.zeros(x.rows(), x.cols());
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) z.set(i, j, (x.get(i, j) - mean.at(j)) / std.at(j));
        }
        return z;
    }

    /** The data set with its inputs standardised and its targets as they are. */
    public Dataset apply(Dataset d) { return new Dataset(apply(d.x()), d.y()); }

    /** The 1×d row of column means μ. */
    public Matrix mean() { return mean.copy(); }

    /** The 1×d row of standard deviations σ (1 for a constant column). */
    public Matrix std() { return std.copy(); }

    @Override public String toString() { return "Standardizer(μ = " + mean + ", σ = " + std + ")"; }
}
