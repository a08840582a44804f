package dev.nncourse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Per-entry gradient checks for the property tests: a five-point finite difference, accurate enough that every entry
 * of a gradient, not just its norm, can be held to a relative error of 1e-7.
 */
public final class EntryGradient {
    /** The step: with the five-point stencil the truncation error is O(h⁴) ≈ 1e-13 and the rounding ≈ 2e-13·|J|. */
    public static final double H = 1e-3;
    /**
     * Entries smaller than this in magnitude are compared against it instead of against themselves: a relative error of
     * 1e-7 then means an absolute error of 1e-10, which is what finite differences can resolve.
     */
    public static final double FLOOR = 1e-3;

    private EntryGradient() {}

    /**
     * ∂J/∂θ_k ≈ (8 (J(θ + h) − J(θ − h)) − (J(θ + 2h) − J(θ − 2h))) / 12h for every entry, θ restored exactly. The
     * differences are taken first: they are exact when J barely changes, so a J that does not depend on θ_k gives 0.
     */
    public static Matrix numeric(DoubleSupplier objective, Matrix theta) {
        Matrix g = Matrix.zeros(theta.rows(), theta.cols());
        for (int k = 0; k < theta.size(); k++) {
            double saved = theta.at(k);
            double[] f = new double[4];
            double[] offsets = {2 * H, H, -H, -2 * H};
            for (int s = 0; s < 4; s++) {
                theta.setAt(k, saved + offsets[s]);
                f[s] = objective.getAsDouble();
            }
            theta.setAt(k, saved);
            g.setAt(k, (8 * (f[1] - f[2]) - (f[0] - f[3])) / (12 * H));
        }
        return g;
    }

    /** max_k |a_k − n_k| / max(|a_k|, |n_k|, FLOOR): the worst relative error of any single entry. */
    public static double maxRelativeError(Matrix analytic, Matrix numeric) {
        Require.sameShape("maxRelativeError", analytic, numeric);
        double worst = 0;
        for (int k = 0; k < analytic.size(); k++) worst = Math.max(worst, relativeError(analytic.at(k), numeric.at(k)));
        return worst;
    }

    /** Asserts that every entry's relative error is at most {@code tol}, naming the worst entry otherwise. */
    public static void assertClose(String what, Matrix analytic, Matrix numeric, double tol) {
        Require.sameShape(what, analytic, numeric);
        int worst = 0;
        for (int k = 0; k < analytic.size(); k++) {
            if (relativeError(analytic.at(k), numeric.at(k)) > relativeError(analytic.at(worst), numeric.at(worst))) worst = k;
        }
        double err = relativeError(analytic.at(worst), numeric.at(worst));
        assertTrue(err <= tol, String.format(Locale.ROOT, "%s: entry (%d, %d) analytic %s, numeric %s, relative error %.3e > %.0e",
                what, worst / analytic.cols(), worst % analytic.cols(), analytic.at(worst), numeric.at(worst), err, tol));
    }

    private static double relativeError(double a, double n) {
        return Math.abs(a - n) / Math.max(FLOOR, Math.max(Math.abs(a), Math.abs(n)));
    }
}
