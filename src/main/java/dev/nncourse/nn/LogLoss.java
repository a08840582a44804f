package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;

/**
 * Binary log loss (cross-entropy) of seed 001: L(a, y) = −(y log a + (1 − y) log(1 − a)), with
 * ∂L/∂a = (a − y) / (a (1 − a)), for predictions a in (0, 1) and labels y in [0, 1].
 *
 * <p>The prediction is clipped to [ε, 1 − ε] with ε = 1e-12 before the logarithm and the division, so log 0 and
 * 0/0 never happen: a saturated sigmoid costs about 27.6, not ∞.
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

    /** ∂L/∂a = (a − y) / (a (1 − a)), with a clipped as above. */
    @Override
    public Matrix gradient(Matrix a, Matrix y) {
        requireValid(a, y);
        return a.zip(y, (p, t) -> {
            double c = clip(p);
            return (c - t) / (c * (1 - c));
        });
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
