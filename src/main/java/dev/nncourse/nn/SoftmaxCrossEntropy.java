package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;

/**
 * Softmax followed by cross-entropy, computed from the logits z of an {@link Activations#IDENTITY} output layer:
 * <pre>
 *   L(z, y) = −Σ_j y_j log softmax(z)_j = log Σ_k e^(z_k) − Σ_j y_j z_j        (when Σ_j y_j = 1)
 *   ∂L/∂z   = softmax(z) − y
 * </pre>
 * for a target row y that is one-hot (y_c = 1 for the true class c) or a vector of class probabilities.
 *
 * <p>Why fused: the network's last layer outputs z, not p. Taking the log of a computed softmax would turn an
 * underflowed p_c = 0 into −log 0 = ∞, and the chain rule through the softmax Jacobian diag(p) − p pᵀ would multiply
 * tiny numbers; the combined gradient p − y needs neither. The loss is computed as −Σ_j y_j log p_j with the stable
 * log-softmax of {@link Softmax#log} (every row shifted by its maximum), so logits of ±1e3 and far beyond give finite,
 * exact losses and gradients: for z = (1000, −1000) and y = (0, 1), L = 2000 and ∂L/∂z = (1, −1) exactly.
 *
 * <p>Targets are checked: each entry in [0, 1], each row summing to 1 (within 1e-9), at least two classes. A row of
 * logits with a NaN or infinite entry gives a NaN loss and gradient, which the trainer reports as divergence.
 */
public final class SoftmaxCrossEntropy implements Loss {
    public static final SoftmaxCrossEntropy INSTANCE = new SoftmaxCrossEntropy();

    /** How far a target row's sum may be from 1. */
    public static final double SUM_TOLERANCE = 1e-9;

    private SoftmaxCrossEntropy() {}

    /** L_i = −Σ_j y_ij log softmax(z_i)_j; classes with y_ij = 0 add nothing (0 · log 0 = 0). */
    @Override
    public Matrix perSample(Matrix z, Matrix y) {
        requireValid(z, y);
        Matrix l = Matrix.zeros(z.rows(), 1);
        for (int i = 0; i < z.rows(); i++) l.setAt(i, loss(z, y, i));
        return l;
    }

    /** Σ_i L_i, the bits of {@code perSample(z, y).sum()} without the column of losses (the trainer's every step). */
    @Override
    public double total(Matrix z, Matrix y) {
        requireValid(z, y);
        double sum = 0;
        for (int i = 0; i < z.rows(); i++) sum += loss(z, y, i);
        return sum;
    }

    /**
     * L_i = −Σ_j y_ij log p_ij, with log p_ij = (z_ij − M_i) − log Σ_k e^(z_ik − M_i) as {@link Softmax#log} computes
     * it; NaN for a row with a NaN or infinite logit.
     */
    private static double loss(Matrix z, Matrix y, int i) {
        int c = Softmax.argmax(z, i);
        if (c < 0) return Double.NaN;
        double m = z.get(i, c), logS = Math.log1p(Softmax.sumOthers(z, i)), sum = 0;
        for (int j = 0; j < z.cols(); j++) if (y.get(i, j) != 0) sum -= y.get(i, j) * ((z.get(i, j) - m) - logS);
        return sum;
    }

    /** ∂L_i/∂z_i = softmax(z_i) − y_i. */
    @Override
    public Matrix gradient(Matrix z, Matrix y) { return gradient(z, y, Matrix.zeros(z.rows(), z.cols())); }

    /**
     * ∂L_i/∂z_i = softmax(z_i) − y_i into G, softmax and subtraction in one pass over each row: every e^(z_ij − M_i)
     * is computed once, kept in G, and divided by their sum, with the bits of {@code Softmax.of(z).minus(y)}.
     */
    @Override
    public Matrix gradient(Matrix z, Matrix y, Matrix g) {
        requireValid(z, y);
        Require.sameShape("softmax-ce: the gradient", z, g);
        for (int i = 0; i < z.rows(); i++) {
            int c = Softmax.argmax(z, i);
            double m = c < 0 ? Double.NaN : z.get(i, c), others = 0;   // NaN: a row of NaN
            for (int j = 0; j < z.cols(); j++) {
                double e = Math.exp(z.get(i, j) - m);
                g.set(i, j, e);
                if (j != c) others += e;                                  // Σ_{k ≠ c} e^(z_ik − M_i), as Softmax sums it
            }
            for (int j = 0; j < z.cols(); j++) g.set(i, j, g.get(i, j) / (1 + others) - y.get(i, j));
        }
        return g;
    }

    /**
     * The first row in which a class the target gives weight (y_j &gt; 0) gets a probability below {@link LogLoss#EPS}
     * = 1e-12, i.e. log p_j &lt; log 1e-12 ≈ −27.63: the network bets more than 10¹² to 1 against the label, which
     * only steps far too large (or inputs far too large) produce, so the trainer reports it as divergence. −1 if none.
     * Since log Σ_k e^(z_k − M) ≤ log k, a class with z_j − M ≥ log 1e-12 + log k + 1 is never below it: only the other
     * rows need their exponentials.
     */
    @Override
    public int firstSaturatedRow(Matrix z, Matrix y) {
        Loss.requireSameShape(name(), z, y);
        double clear = LOG_EPS + Math.log(z.cols()) + 1;
        for (int i = 0; i < z.rows(); i++) {
            int c = Softmax.argmax(z, i);   // −1: a row of NaN log-probabilities, never below the threshold
            for (int j = 0; c >= 0 && j < z.cols(); j++) {
                double shifted = z.get(i, j) - z.get(i, c);
                if (y.get(i, j) > 0 && shifted < clear && shifted - Math.log1p(Softmax.sumOthers(z, i)) < LOG_EPS) return i;
            }
        }
        return -1;
    }

    private static final double LOG_EPS = Math.log(LogLoss.EPS);

    /** True: the predictions are logits z. */
    @Override public boolean takesLogits() { return true; }

    @Override public String name() { return "softmax-ce"; }

    @Override public String toString() { return "−Σ y log softmax(z)"; }

    private void requireValid(Matrix z, Matrix y) {
        Loss.requireSameShape(name(), z, y);
        if (z.cols() < 2) {
            throw new IllegalArgumentException("softmax-ce: the logits have " + z.cols() + " column; softmax needs one "
                    + "column per class and at least 2 classes (for two classes on one output, use a sigmoid cross-entropy)");
        }
        for (int i = 0; i < y.rows(); i++) {
            double sum = 0;
            for (int j = 0; j < y.cols(); j++) {
                double t = y.get(i, j);
                if (!(t >= 0 && t <= 1)) {
                    throw new IllegalArgumentException("softmax-ce: target " + t + " at row " + i + ", column " + j
                            + " is outside [0, 1]; expected one-hot rows or class probabilities");
                }
                sum += t;
            }
            if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
                throw new IllegalArgumentException("softmax-ce: target row " + i + " sums to " + sum + "; expected a "
                        + "one-hot row or class probabilities that sum to 1 (see Labels.oneHot)");
            }
        }
    }
}
