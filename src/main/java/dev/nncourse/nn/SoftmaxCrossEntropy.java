package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;

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
        Matrix logP = Softmax.log(z), l = Matrix.zeros(z.rows(), 1);
        for (int i = 0; i < z.rows(); i++) {
            double sum = 0;
            for (int j = 0; j < z.cols(); j++) if (y.get(i, j) != 0) sum -= y.get(i, j) * logP.get(i, j);
            l.set(i, 0, Double.isNaN(logP.get(i, 0)) ? Double.NaN : sum);
        }
        return l;
    }

    /** ∂L_i/∂z_i = softmax(z_i) − y_i. */
    @Override
    public Matrix gradient(Matrix z, Matrix y) {
        requireValid(z, y);
        return Softmax.of(z).minus(y);
    }

    /**
     * The first row in which a class the target gives weight (y_j &gt; 0) gets a probability below {@link LogLoss#EPS}
     * = 1e-12, i.e. log p_j &lt; log 1e-12 ≈ −27.63: the network bets more than 10¹² to 1 against the label, which
     * only steps far too large (or inputs far too large) produce, so the trainer reports it as divergence. −1 if none.
     */
    @Override
    public int firstSaturatedRow(Matrix z, Matrix y) {
        Loss.requireSameShape(name(), z, y);
        Matrix logP = Softmax.log(z);
        for (int k = 0; k < z.size(); k++) if (y.at(k) > 0 && logP.at(k) < LOG_EPS) return k / z.cols();
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
