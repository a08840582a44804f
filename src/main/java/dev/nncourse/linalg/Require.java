package dev.nncourse.linalg;

/**
 * The library's argument checks, in one place and one message format: {@code OP: WHAT must be EXPECTED, got VALUE}
 * (or {@code OP: expected WHAT, got null}). Each returns the value it checked, so a constructor can check and assign
 * in one line: {@code this.lr = Require.learningRate("sgd", lr);}. Public methods check their arguments once, at the
 * boundary, with these.
 */
public final class Require {
    private Require() {}

    /** Throws unless {@code value} is given: {@code OP: expected WHAT, got null}. */
    public static <T> T given(String op, String what, T value) {
        if (value == null) throw new IllegalArgumentException(op + ": expected " + what + ", got null");
        return value;
    }

    /** Throws unless n ≥ 1: a number of rows, neurons, epochs or samples. */
    public static int positiveCount(String op, String what, long n) {
        if (n < 1 || n > Integer.MAX_VALUE) throw failed(op, what, "a positive count", n);
        return (int) n;
    }

    /** Throws unless x is a finite number &gt; 0. */
    public static double positive(String op, String what, double x) {
        if (!(x > 0) || !Double.isFinite(x)) throw failed(op, what, "a positive finite number", x);
        return x;
    }

    /** Throws unless x is a finite number ≥ 0. */
    public static double nonNegative(String op, String what, double x) {
        if (!(x >= 0) || !Double.isFinite(x)) throw failed(op, what, "a finite number ≥ 0", x);
        return x;
    }

    /** Throws unless x is finite (not NaN, not ±∞). */
    public static double finite(String op, String what, double x) {
        if (!Double.isFinite(x)) throw failed(op, what, "a finite number", x);
        return x;
    }

    /** Throws unless x is in [0, 1): a decay rate such as β or μ, or a dropout rate p. */
    public static double fraction(String op, String what, double x) {
        if (!(x >= 0 && x < 1)) throw failed(op, what, "a number in [0, 1)", x);
        return x;
    }

    /** Throws unless the learning rate η is a finite number &gt; 0. */
    public static double learningRate(String op, double lr) { return positive(op, "the learning rate", lr); }

    /** Throws unless {@code ok}, with the message {@code OP: WHAT must be EXPECTED, got VALUE}. */
    public static void that(boolean ok, String op, String what, String expected, Object value) {
        if (!ok) throw failed(op, what, expected, value);
    }

    // ---------------------------------------------------------------- matrices

    /** Throws unless an r×c matrix can exist: r ≥ 1, c ≥ 1 and r·c ≤ {@link Matrix#MAX_SIZE}; returns r·c. */
    public static int shape(String op, long rows, long cols) { return Allocation.requireShape(op, rows, cols); }

    /** Throws unless B is given and has A's shape: {@code OP: shapes 2×3 and 3×2 differ}. */
    public static Matrix sameShape(String op, Matrix a, Matrix b) {
        if (b == null) throw new IllegalArgumentException(op + ": expected a " + a.shape() + " matrix, got null");
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": shapes " + a.shape() + " and " + b.shape() + " differ");
        }
        return b;
    }

    /** Throws naming the first NaN or ±∞ of m and where it is, unless every entry is finite; returns m. */
    public static Matrix finite(String what, Matrix m) {
        if (given(what, "a matrix", m).isFinite()) return m;   // the SIMD check first; the search only when needed
        for (int k = 0; k < m.size(); k++) {
            if (!Double.isFinite(m.at(k))) {
                throw new IllegalArgumentException(what + ": entry (" + k / m.cols() + ", " + k % m.cols() + ") of the "
                        + m.shape() + " matrix is " + m.at(k) + "; expected finite numbers (no NaN or infinity)");
            }
        }
        return m;
    }

    private static IllegalArgumentException failed(String op, String what, String expected, Object value) {
        return new IllegalArgumentException(op + ": " + what + " must be " + expected + ", got " + value);
    }
}
