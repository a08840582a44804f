package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;

/**
 * Binary cross-entropy computed from the logit z of an {@link Activations#IDENTITY} output layer, instead of from the
 * probability p = σ(z) of a sigmoid one: torch's {@code BCEWithLogitsLoss}. Per output, for a label y in [0, 1],
 * <pre>
 *   L(z, y) = max(z, 0) − z·y + log(1 + e^(−|z|)),        ∂L/∂z = σ(z) − y.
 * </pre>
 *
 * <p>Derivation. The log loss of p = σ(z) is L = −(y log σ(z) + (1 − y) log(1 − σ(z))). With σ(z) = 1 / (1 + e^(−z))
 * and 1 − σ(z) = e^(−z) / (1 + e^(−z)):
 * <pre>
 *   log σ(z)       = −log(1 + e^(−z))
 *   log(1 − σ(z))  = −z − log(1 + e^(−z))
 *   L              = (1 − y)·z + log(1 + e^(−z))                       (i)
 * </pre>
 * For z &lt; 0, e^(−z) may overflow; there log(1 + e^(−z)) = −z + log(1 + e^z), so (i) is −z·y + log(1 + e^z). Both cases
 * are L = max(z, 0) − z·y + log(1 + e^(−|z|)), in which e^(−|z|) ≤ 1: nothing overflows, and no probability is ever
 * rounded to 0 or 1 and then logged, so no clipping is needed and a wrong prediction at z = 1e3 costs 1e3, not ∞.
 * Differentiating (i): ∂L/∂z = (1 − y) − e^(−z) / (1 + e^(−z)) = (1 − y) − (1 − σ(z)) = σ(z) − y. The σ′(z) of the
 * chain rule through a sigmoid layer has cancelled: this is the "a − y" of notebook 05, with no σ′ that underflows.
 *
 * <p>The gradient is computed as (1 − y)·σ(z) − y·σ(−z), which equals σ(z) − y and keeps full relative precision for
 * labels 0 and 1 (σ(40) − 1 would round to 0; −σ(−40) = −4.2e-18 does not). Pair it with an identity output layer;
 * the network's output is then a logit, and σ of it the predicted probability.
 */
public final class SigmoidCrossEntropy implements Loss {
    public static final SigmoidCrossEntropy INSTANCE = new SigmoidCrossEntropy();

    private SigmoidCrossEntropy() {}

    /** L_i = Σ_j max(z_ij, 0) − z_ij y_ij + log(1 + e^(−|z_ij|)), summed over the outputs of sample i. */
    @Override
    public Matrix perSample(Matrix z, Matrix y) {
        requireValid(z, y);
        return z.zip(y, (v, t) -> Math.max(v, 0) - v * t + Math.log1p(Math.exp(-Math.abs(v)))).rowSums();
    }

    /** ∂L/∂z = σ(z) − y, computed as (1 − y)·σ(z) − y·σ(−z). */
    @Override
    public Matrix gradient(Matrix z, Matrix y) {
        requireValid(z, y);
        return z.zip(y, (v, t) -> {
            double e = Math.exp(-Math.abs(v)), big = 1 / (1 + e), small = e / (1 + e);   // σ(|z|) and σ(−|z|)
            return v >= 0 ? (1 - t) * big - t * small : (1 - t) * small - t * big;
        });
    }

    /** The logit of 1 − {@link LogLoss#EPS}, log((1 − ε)/ε) ≈ 27.63: beyond ±this, σ(z) is within ε of 0 or 1. */
    public static final double SATURATED = Math.log((1 - LogLoss.EPS) / LogLoss.EPS);

    /**
     * The first row with a logit beyond ±{@link #SATURATED} on the wrong side of its label (z &lt; −27.63 with y &gt; 0,
     * or z &gt; 27.63 with y &lt; 1): the network gives the label a probability below 1e-12.
     */
    @Override
    public int firstSaturatedRow(Matrix z, Matrix y) {
        for (int k = 0; k < z.size(); k++) {
            double v = z.at(k), t = y.at(k);
            if (v < -SATURATED && t > 0 || v > SATURATED && t < 1) return k / z.cols();
        }
        return -1;
    }

    /** True: the predictions are logits z. */
    @Override public boolean takesLogits() { return true; }

    @Override public String name() { return "sigmoid-xent"; }

    @Override public String toString() { return "max(z, 0) − z·y + log(1 + e^(−|z|))"; }

    private void requireValid(Matrix z, Matrix y) {
        Loss.requireSameShape(name(), z, y);
        for (int k = 0; k < y.size(); k++) {
            double t = y.at(k);
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException(name() + ": label " + t + " at row " + k / y.cols() + ", column "
                        + k % y.cols() + " is outside [0, 1]; the labels of a binary cross-entropy are probabilities "
                        + "such as 0 or 1");
            }
            if (!Double.isFinite(z.at(k))) {
                throw new IllegalArgumentException(name() + ": logit " + z.at(k) + " at row " + k / z.cols() + ", column "
                        + k % z.cols() + " is not a finite number; expected the output of an identity layer");
            }
        }
    }
}
