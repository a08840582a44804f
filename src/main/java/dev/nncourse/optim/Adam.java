package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import dev.nncourse.nn.Parameter;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015): momentum on the gradient and RMSProp's scaling, both as running means with bias
 * correction. At step t = 1, 2, … with gradient g = ∂J/∂θ and learning rate η (the paper's α):
 * <pre>
 *   m ← β1 m + (1 − β1) g             first moment (m and v start at 0)
 *   v ← β2 v + (1 − β2) g²            second moment, g² entry by entry
 *   m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)
 *   θ ← θ − η m̂ / (√v̂ + ε)
 * </pre>
 * Without the correction, m and v would be biased towards their zero start (m = (1 − β1) g after one step); with it,
 * m̂ = g and v̂ = g² at t = 1, so the first step is η g / (|g| + ε), of size ≈ η in every coordinate.
 */
public class Adam extends AbstractOptimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final List<Matrix> m, v;

    /** Adam with learning rate η and the usual β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public Adam(List<Parameter> parameters, double learningRate) { this(parameters, learningRate, 0.9, 0.999, 1e-8); }

    /** Adam with learning rate η, β1 and β2 in [0, 1), and ε &gt; 0. */
    public Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2, double eps) {
        this("adam", parameters, learningRate, beta1, beta2, eps);
    }

    /** For {@link AdamW}. */
    Adam(String kind, List<Parameter> parameters, double learningRate, double beta1, double beta2, double eps) {
        super(kind, parameters, learningRate);
        this.beta1 = setting("beta1", Require.fraction(kind, "β1 (beta1)", beta1));
        this.beta2 = setting("beta2", Require.fraction(kind, "β2 (beta2)", beta2));
        this.eps = setting("eps", Require.positive(kind, "ε (eps)", eps));
        this.m = slot("m", false);
        this.v = slot("v", true);
    }

    /** The equations of the class comment, entry by entry. */
    @Override
    protected void update(int i, Parameter p) {
        Matrix theta = p.value(), g = p.grad(), m = this.m.get(i), v = this.v.get(i);
        double lr = learningRate();
        double c1 = 1 - Math.pow(beta1, steps()), c2 = 1 - Math.pow(beta2, steps());
        for (int k = 0; k < g.size(); k++) {
            double gk = g.at(k);
            m.setAt(k, beta1 * m.at(k) + (1 - beta1) * gk);                      // m ← β1 m + (1 − β1) g
            v.setAt(k, beta2 * v.at(k) + (1 - beta2) * gk * gk);                 // v ← β2 v + (1 − β2) g²
            double mHat = m.at(k) / c1, vHat = v.at(k) / c2;                     // bias correction
            theta.setAt(k, theta.at(k) - lr * mHat / (Math.sqrt(vHat) + eps));  // θ ← θ − η m̂ / (√v̂ + ε)
        }
    }

    /** A copy of the first moment m of parameter number i (zero before the first step). */
    public Matrix m(int i) { return m.get(i).copy(); }

    /** A copy of the second moment v of parameter number i (zero before the first step). */
    public Matrix v(int i) { return v.get(i).copy(); }

    public double beta1() { return beta1; }

    public double beta2() { return beta2; }

    public double epsilon() { return eps; }
}
