package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RMSProp (Hinton, 2012): divide each gradient component by the root of a running mean s of its squares,
 * <pre>
 *   s ← ρ s + (1 − ρ) g²              (g² entry by entry; s starts at 0)
 *   θ ← θ − ε g / (√s + ε̂)
 * </pre>
 * so every parameter moves at a similar speed whatever the scale of its gradient: the step is about ε per entry
 * once s has settled. ε̂ (eps) keeps the division finite where g has been 0.
 */
public final class RmsProp extends StatefulOptimizer {
    private final double rho;
    private final double eps;

    /** RMSProp with learning rate ε, ρ = 0.9 and ε̂ = 1e-8. */
    public RmsProp(double learningRate) { this(learningRate, 0.9, 1e-8); }

    /** RMSProp with learning rate ε, decay rate ρ in [0, 1) and ε̂ &gt; 0. */
    public RmsProp(double learningRate, double rho, double eps) {
        super("rmsprop", learningRate, List.of("s"), Set.of("s"));
        this.rho = requireDecayRate("rmsprop", "decay rate ρ (rho)", rho);
        this.eps = requireEpsilon("rmsprop", eps);
    }

    @Override
    protected void update(Parameter p, Matrix g, Matrix[] state) {
        Matrix theta = p.value(), s = state[0];
        double lr = learningRate();
        for (int k = 0; k < g.size(); k++) {
            double gk = g.at(k);
            s.setAt(k, rho * s.at(k) + (1 - rho) * gk * gk);                     // s ← ρ s + (1 − ρ) g²
            theta.setAt(k, theta.at(k) - lr * gk / (Math.sqrt(s.at(k)) + eps));  // θ ← θ − ε g / (√s + ε̂)
        }
    }

    /** A copy of the running mean s of g² of parameter p, or null before its first step. */
    public Matrix meanSquare(Parameter p) { return state("s", p); }

    public double rho() { return rho; }

    public double epsilon() { return eps; }

    @Override
    public Map<String, Double> hyperparameters() {
        Map<String, Double> h = super.hyperparameters();
        h.put("rho", rho);
        h.put("eps", eps);
        return h;
    }
}
