package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gradient descent with (heavy-ball) momentum: a velocity v, zero at first, accumulates the gradients g = ∂J/∂θ,
 * <pre>
 *   v ← μ v + g
 *   θ ← θ − ε v
 * </pre>
 * With a constant gradient the steps grow towards ε g / (1 − μ), so μ = 0.9 moves up to 10× as far as SGD along a
 * direction where the gradients agree, while components that flip sign from step to step cancel in v.
 * (Some texts write v ← μ v − ε g, θ ← θ + v: for a fixed ε it is the same sequence of θ, with v scaled by −ε.)
 */
public class Momentum extends StatefulOptimizer {
    private final double mu;

    /** Momentum with learning rate ε and momentum coefficient μ in [0, 1) (0.9 is usual; μ = 0 is SGD). */
    public Momentum(double learningRate, double momentum) { this("momentum", learningRate, momentum); }

    /** For {@link Nesterov}. */
    Momentum(String kind, double learningRate, double momentum) {
        super(kind, learningRate, List.of("velocity"), Set.of());
        this.mu = requireDecayRate(kind, "momentum μ", momentum);
    }

    @Override
    protected void update(Parameter p, Matrix g, Matrix[] s) {
        Matrix theta = p.value(), v = s[0];
        double lr = learningRate();
        for (int k = 0; k < g.size(); k++) {
            v.setAt(k, mu * v.at(k) + g.at(k));                 // v ← μ v + g
            theta.setAt(k, theta.at(k) - lr * v.at(k));         // θ ← θ − ε v
        }
    }

    /** A copy of the velocity v of parameter p, or null before its first step. */
    public Matrix velocity(Parameter p) { return state("velocity", p); }

    /** The momentum coefficient μ. */
    public double momentum() { return mu; }

    @Override
    public Map<String, Double> hyperparameters() {
        Map<String, Double> h = super.hyperparameters();
        h.put("momentum", mu);
        return h;
    }
}
