package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;

/**
 * The softmax of each row of logits z (one sample per row, one column per class):
 * p_j = e^(z_j) / Σ_k e^(z_k), a vector of class probabilities (p_j &gt; 0, Σ_j p_j = 1).
 *
 * <p>Every function here shifts each row by its largest entry M = max_k z_k before exponentiating. The shift changes
 * nothing mathematically, p_j = e^(z_j − M) / Σ_k e^(z_k − M), but now every exponent is ≤ 0, so e^(…) never
 * overflows, and the largest term of the sum is exactly 1, so the sum never underflows to 0: logits of ±1e3 (or
 * ±1e300) give finite, exact results. The logarithm of the sum is taken as log1p of the other terms, so that it keeps
 * its digits when they are tiny. A row that holds a NaN or infinite logit gives a row of NaN, so that a
 * diverging network shows up as a NaN loss rather than as a silently wrong probability.
 */
public final class Softmax {
    private Softmax() {}

    /** p = softmax(z), row by row: p_ij = e^(z_ij − M_i) / Σ_k e^(z_ik − M_i) with M_i = max_k z_ik. */
    public static Matrix of(Matrix z) {
        Matrix p = Matrix.zeros(z.rows(), z.cols());
        for (int i = 0; i < z.rows(); i++) {
            double m = rowMax(z, i), s = 1 + sumOthers(z, i);
            for (int j = 0; j < z.cols(); j++) p.set(i, j, Math.exp(z.get(i, j) - m) / s);
        }
        return p;
    }

    /**
     * log p = log softmax(z), row by row: log p_ij = (z_ij − M_i) − log Σ_k e^(z_ik − M_i). Computed this way, not as
     * log(p), it stays finite where p underflows to 0: log softmax(0, −1e3) = (−e^−1000, −1000 − e^−1000), which
     * rounds to (0, −1000), while log(softmax(0, −1e3)) = log(1, 0) = (0, −∞).
     */
    public static Matrix log(Matrix z) {
        Matrix logP = Matrix.zeros(z.rows(), z.cols());
        for (int i = 0; i < z.rows(); i++) {
            double m = rowMax(z, i), logS = Math.log1p(sumOthers(z, i));
            for (int j = 0; j < z.cols(); j++) logP.set(i, j, (z.get(i, j) - m) - logS);
        }
        return logP;
    }

    /** The m×1 column of log Σ_j e^(z_ij) = M_i + log Σ_j e^(z_ij − M_i), the "log-sum-exp" of each row. */
    public static Matrix logSumExp(Matrix z) {
        Matrix lse = Matrix.zeros(z.rows(), 1);
        for (int i = 0; i < z.rows(); i++) {
            double m = rowMax(z, i);
            lse.set(i, 0, m + Math.log1p(sumOthers(z, i)));
        }
        return lse;
    }

    /**
     * The k×k Jacobian of p = softmax(z) for one row z (1×k): J_ij = ∂p_i/∂z_j = p_i (δ_ij − p_j), that is
     * J = diag(p) − p pᵀ. It is symmetric, and each row sums to 0 because Σ_i p_i = 1 whatever z is.
     */
    public static Matrix jacobian(Matrix z) {
        if (z.rows() != 1) {
            throw new IllegalArgumentException("Softmax.jacobian: expected one row of logits (1×k), got " + z.shape());
        }
        Matrix p = of(z);
        Matrix jac = Matrix.outer(p, p).scale(-1);          // −p pᵀ
        for (int i = 0; i < p.cols(); i++) jac.set(i, i, jac.get(i, i) + p.at(i));   // + diag(p)
        return jac;
    }

    /** M_i = max_j z_ij, or NaN if row i holds a NaN or an infinite logit (then every result of the row is NaN). */
    private static double rowMax(Matrix z, int i) {
        int c = argmax(z, i);
        return c < 0 ? Double.NaN : z.get(i, c);
    }

    /**
     * s_i − 1 = Σ_{j ≠ c} e^(z_ij − M_i), the sum of the shifted exponentials without the term e^0 = 1 of the first
     * largest entry c. log s_i is computed as log1p of it, which stays accurate when the other terms are tiny: a
     * confident, correct prediction has a loss of about e^(−7) or e^(−30), not 0 or a rounding error of 1 + ….
     */
    static double sumOthers(Matrix z, int i) {
        int c = argmax(z, i);
        if (c < 0) return Double.NaN;
        double s = 0;
        for (int j = 0; j < z.cols(); j++) if (j != c) s += Math.exp(z.get(i, j) - z.get(i, c));
        return s;
    }

    /** The column of the first largest entry of row i, or −1 if the row holds a NaN or an infinite logit. */
    static int argmax(Matrix z, int i) {
        int c = 0;
        for (int j = 0; j < z.cols(); j++) {
            if (!Double.isFinite(z.get(i, j))) return -1;
            if (z.get(i, j) > z.get(i, c)) c = j;
        }
        return c;
    }
}
