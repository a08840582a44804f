package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import dev.nncourse.nn.Parameter;
import java.util.List;

/**
 * RMSProp (Hinton, 2012): divide each gradient component by the root of a running mean s of its squares,
 * <pre>
 *   s ← ρ s + (1 − ρ) g²              (g² entry by entry; s starts at 0)
 *   θ ← θ − η g / (√s + ε)
 * </pre>
 * so every parameter moves at a similar speed whatever the scale of its gradient: the step is about η per entry
 * once s has settled. ε (eps) keeps the division finite where g has been 0.
 */
public final class RmsProp extends AbstractOptimizer {
    private final double rho;
    private final double eps;
    private final List<Matrix> meanSquare;

    /** RMSProp with learning rate η, ρ = 0.9 and ε = 1e-8. */
    public RmsProp(List<Parameter> parameters, double learningRate) { this(parameters, learningRate, 0.9, 1e-8); }

    /** RMSProp with learning rate η, decay rate ρ in [0, 1) and ε &gt; 0. */
    public RmsProp(List<Parameter> parameters, double learningRate, double rho, double eps) {
        super("rmsprop", parameters, learningRate);
        this.rho = setting("rho", Require.fraction("rmsprop", "the decay rate ρ (rho)", rho));
        this.eps = setting("eps", Require.positive("rmsprop", "ε (eps)", eps));
        this.meanSquare = slot("s", true);
    }

    @Override
    protected void update(int i, Parameter p) {
        Matrix theta = p.value(), g = p.grad(), s = meanSquare.get(i);
        double lr = learningRate();
        for (int k = 0; k < g.size(); k++) {
            double gk = g.at(k);
            s.setAt(k, rho * s.at(k) + (1 - rho) * gk * gk);                     // s ← ρ s + (1 − ρ) g²
            theta.setAt(k, theta.at(k) - lr * gk / (Math.sqrt(s.at(k)) + eps));  // θ ← θ − η g / (√s + ε)
        }
    }

    /** A copy of the running mean s of g² of parameter number i (zero before the first step). */
    public Matrix meanSquare(int i) { return meanSquare.get(i).copy(); }

    public double rho() { return rho; }

    public double epsilon() { return eps; }
}
