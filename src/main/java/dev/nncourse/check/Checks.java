package dev.nncourse.check;

import dev.nncourse.linalg.Matrix;
import java.util.Locale;

/**
 * The check cells of the notebooks: each method throws {@link IllegalStateException} when its claim is false, and
 * otherwise returns a one-line confirmation starting with ✓, so a passing cell shows what it verified.
 */
public final class Checks {
    private Checks() {}

    /** Throws unless {@code claim} holds. */
    public static String that(String what, boolean claim) {
        if (!claim) throw new IllegalStateException("✗ " + what + ": does not hold");
        return "✓ " + what;
    }

    /** Throws unless |actual − expected| ≤ tol. */
    public static String close(String what, double actual, double expected, double tol) {
        double err = Math.abs(actual - expected);
        if (!(err <= tol)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "✗ %s: got %s, expected %s (|difference| %.3e > %.1e)",
                    what, actual, expected, err, tol));
        }
        return String.format(Locale.ROOT, "✓ %s (|difference| %.1e ≤ %.0e)", what, err, tol);
    }

    /** Throws unless the shapes agree and max_ij |A_ij − B_ij| ≤ tol. */
    public static String close(String what, Matrix actual, Matrix expected, double tol) {
        if (actual.rows() != expected.rows() || actual.cols() != expected.cols()) {
            throw new IllegalStateException("✗ " + what + ": shape " + actual.shape() + ", expected " + expected.shape());
        }
        double err = actual.maxAbsDiff(expected);
        if (!(err <= tol)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "✗ %s: max |difference| %.3e > %.1e%nactual   %s%nexpected %s",
                    what, err, tol, actual, expected));
        }
        return String.format(Locale.ROOT, "✓ %s (max |difference| %.1e ≤ %.0e)", what, err, tol);
    }

    /** Throws unless the analytic gradient matches the numeric one: relative error below tol (see {@link NumericGradient#relativeError}). */
    public static String gradient(String what, Matrix analytic, Matrix numeric, double tol) {
        double rel = NumericGradient.relativeError(analytic, numeric);
        if (!(rel < tol)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "✗ %s: relative error %.3e ≥ %.0e", what, rel, tol));
        }
        return String.format(Locale.ROOT, "✓ %s (relative error %.1e < %.0e)", what, rel, tol);
    }

    /** Throws unless every parameter in the report has relative error below tol. */
    public static String gradient(String what, GradientReport report, double tol) {
        report.requireBelow(tol);
        return String.format(Locale.ROOT, "✓ %s (max relative error %.1e < %.0e over %d parameters)", what,
                report.maxRelativeError(), tol, report.rows().size());
    }
}
