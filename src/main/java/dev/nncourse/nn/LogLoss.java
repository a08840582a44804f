package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;

/**
 * Binary log loss (cross-entropy) of source 001: L(a, y) = −(y log a + (1 − y) log(1 − a)), with
 * ∂L/∂a = (a − y) / (a (1 − a)), for predictions a in (0, 1) and labels y in [0, 1].
 *
 * <p>The prediction is clipped to c = min(max(a, ε), 1 − ε) with ε = 1e-12 before the logarithm, so log 0 never
 * happens: a saturated sigmoid costs about 27.6, not ∞. The gradient is that of the function computed: where the clip
 * is active (a &lt; ε or a &gt; 1 − ε), c and so L do not depend on a, and ∂L/∂a = 0. So backprop agrees with finite
 * differences everywhere, but a saturated sigmoid output learns nothing: a prediction clipped on the wrong side of its
 * label is stuck at this ceiling (the trainer reports it, see {@link Loss#firstSaturatedRow}). To train a sigmoid
 * classifier, use {@link SigmoidCrossEntropy} on logits, which needs no clip.
 */
public final class LogLoss implements Loss {
    public static final LogLoss INSTANCE = new LogLoss();

    /** The clipping margin ε. */
    public static final double EPS = 1e-12;

    private LogLoss() {}

    /** L_i = −Σ_j (y_ij log a_ij + (1 − y_ij) log(1 − a_ij)), summed over the outputs of sample i. */
    @Override
    public Matrix perSample(Matrix a, Matrix y) {
        requireValid(a, y);
        return a.zip(y, (p, t) -> {
            double c = clip(p);
            return -(t * Math.log(c) + (1 - t) * Math.log(1 - c));
        }).rowSums();
    }

    /** ∂L/∂a = (a − y) / (a (1 − a)) for ε ≤ a ≤ 1 − ε, and 0 where the clip holds L constant. */
    @Override
    public Matrix gradient(Matrix a, Matrix y) {
        requireValid(a, y);
        return a.zip(y, (p, t) -> clip(p) != p ? 0 : (p - t) / (p * (1 - p)));
    }

    /**
     * The first row with a prediction clipped on the wrong side of its label (a &lt; ε with y &gt; 0, or a &gt; 1 − ε with
     * y &lt; 1): its loss sits at the clipping ceiling and its gradient is 0, so gradient descent cannot correct it.
     */
    @Override
    public int firstSaturatedRow(Matrix a, Matrix y) {
        for (int k = 0; k < a.size(); k++) {
            double p = a.at(k), t = y.at(k);
            if (p < EPS && t > 0 || p > 1 - EPS && t < 1) return k / a.cols();
        }
        return -1;
    }

    @Override
    public String whenSaturated() {
        return "its log loss is stuck at the clipping ceiling −log(1e-12) ≈ 27.6, where the gradient is 0. To train a "
                + "sigmoid classifier, prefer an identity output layer with Losses.SIGMOID_CROSS_ENTROPY, whose gradient "
                + "σ(z) − y never vanishes";
    }

    @Override public String name() { return "logloss"; }

    @Override public String toString() { return "−(y log a + (1 − y) log(1 − a))"; }

    private static double clip(double p) { return Math.min(1 - EPS, Math.max(EPS, p)); }

    private void requireValid(Matrix a, Matrix y) {
        Loss.requireSameShape(name(), a, y);
        for (int k = 0; k < y.size(); k++) {
            double t = y.at(k);
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("logloss: label " + t + " at row " + k / y.cols() + ", column "
                        + k % y.cols() + " is outside [0, 1]; log loss expects probabilities such as 0 or 1");
            }
            double p = a.at(k);
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("logloss: prediction " + p + " at row " + k / a.cols() + ", column "
                        + k % a.cols() + " is outside [0, 1]; feed log loss from a sigmoid output");
            }
        }
    }
}
