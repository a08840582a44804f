package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import dev.nncourse.nn.Parameter;
import java.util.List;

/**
 * Gradient descent with (heavy-ball) momentum: a velocity v, zero at first, accumulates the gradients g = ∂J/∂θ,
 * <pre>
 *   v ← μ v + g
 *   θ ← θ − η v
 * </pre>
 * With a constant gradient the steps grow towards η g / (1 − μ), so μ = 0.9 moves up to 10× as far as SGD along a
 * direction where the gradients agree, while components that flip sign from step to step cancel in v.
 * (Some texts write v ← μ v − η g, θ ← θ + v: for a fixed η it is the same sequence of θ, with v scaled by −η.)
 */
public class Momentum extends AbstractOptimizer {
    private final double mu;
    private final List<Matrix> velocity;

    /** Momentum with learning rate η and momentum coefficient μ in [0, 1) (0.9 is usual; μ = 0 is SGD). */
    public Momentum(List<Parameter> parameters, double learningRate, double momentum) {
        this("momentum", parameters, learningRate, momentum);
    }

    /** For {@link Nesterov}. */
    Momentum(String kind, List<Parameter> parameters, double learningRate, double momentum) {
        super(kind, parameters, learningRate);
        this.mu = setting("momentum", Require.fraction(kind, "the momentum μ", momentum));
        this.velocity = slot("velocity", false);
    }

    @Override
    protected void update(int i, Parameter p) {
        Matrix theta = p.value(), g = p.grad(), v = velocity.get(i);
        double lr = learningRate();
        for (int k = 0; k < g.size(); k++) {
            v.setAt(k, mu * v.at(k) + g.at(k));                 // v ← μ v + g
            theta.setAt(k, theta.at(k) - lr * v.at(k));         // θ ← θ − η v
        }
    }

    /** The velocity of parameter number i itself, for {@link Nesterov}'s update. */
    final Matrix velocityOf(int i) { return velocity.get(i); }

    /** A copy of the velocity v of parameter number i (zero before the first step). */
    public Matrix velocity(int i) { return velocity.get(i).copy(); }

    /** The momentum coefficient μ. */
    public double momentum() { return mu; }
}
