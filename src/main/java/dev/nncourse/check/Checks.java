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

    /**
     * Throws unless |left − right| ≤ tol. The two values are the two sides of the equation {@code what} states, in its
     * order, and the message shows them so, {@code left ≠ right}: neither is "the expected one" (a check compares the
     * learner's formula with the library's either way round).
     */
    public static String close(String what, double left, double right, double tol) {
        double err = Math.abs(left - right);
        if (!(err <= tol)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "✗ %s: %s ≠ %s (|difference| %.3e > %.1e)",
                    what, left, right, err, tol));
        }
        return String.format(Locale.ROOT, "✓ %s (|difference| %.1e ≤ %.0e)", what, err, tol);
    }

    /**
     * Throws unless the shapes agree and max_ij |L_ij − R_ij| ≤ tol; L and R are the two sides of the equation
     * {@code what} states, in its order, and a failure shows them as its left and right side.
     */
    public static String close(String what, Matrix left, Matrix right, double tol) {
        if (left.rows() != right.rows() || left.cols() != right.cols()) {
            throw new IllegalStateException("✗ " + what + ": the left side is " + left.shape() + ", the right side "
                    + right.shape());
        }
        double err = left.maxAbsDiff(right);
        if (!(err <= tol)) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "✗ %s: max |difference| %.3e > %.1e%nleft side  %s%nright side %s", what, err, tol, left, right));
        }
        return String.format(Locale.ROOT, "✓ %s (max |difference| %.1e ≤ %.0e)", what, err, tol);
    }

    /**
     * Throws unless the analytic gradient matches the numeric one: the norm-wise relative error
     * ({@link NumericGradient#relativeError}) and the per-entry one ({@link NumericGradient#entryRelativeError}, floor
     * {@link NumericGradient#FLOOR}) both below tol. The per-entry error catches a wrong small entry that the norm-wise
     * error hides behind the large ones.
     */
    public static String gradient(String what, Matrix analytic, Matrix numeric, double tol) {
        double rel = NumericGradient.relativeError(analytic, numeric);
        double entry = NumericGradient.entryRelativeError(analytic, numeric);
        if (!(rel < tol) || !(entry < tol)) {
            int k = NumericGradient.worstEntry(analytic, numeric, NumericGradient.FLOOR);
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "✗ %s: relative error %.3e, per entry %.3e, not below %.0e; worst entry %s", what, rel, entry, tol,
                    NumericGradient.describeEntry(analytic, numeric, k)));
        }
        return String.format(Locale.ROOT, "✓ %s (relative error %.1e, per entry %.1e < %.0e)", what, rel, entry, tol);
    }

    /** Throws unless every parameter in the report has relative errors, norm-wise and per entry, below tol. */
    public static String gradient(String what, GradientReport report, double tol) {
        if (report == null) throw new IllegalArgumentException("Checks.gradient: expected a gradient report, got null");
        try {
            report.requireBelow(tol);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("✗ " + what + ": " + e.getMessage(), e);
        }
        return String.format(Locale.ROOT, "✓ %s (max relative error %.1e, per entry %.1e < %.0e over %d parameters)", what,
                report.maxRelativeError(), report.maxEntryError(), tol, report.rows().size());
    }
}
