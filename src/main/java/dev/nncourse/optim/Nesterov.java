package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.List;

/**
 * Nesterov's accelerated gradient, in the form that needs only the gradient g = ∂J/∂θ at the current θ:
 * <pre>
 *   v ← μ v + g
 *   θ ← θ − η (g + μ v)
 * </pre>
 * Nesterov's method evaluates the gradient at the look-ahead point θ − ημv instead of at θ. Renaming the look-ahead
 * point as the parameters (Sutskever et al., 2013; Bengio et al., 2013) turns that into the update above: the step
 * takes the new velocity's momentum part μv once more, plus the fresh gradient. Compared with {@link Momentum} it
 * corrects sooner when the gradient turns, which damps oscillations. Its velocity and μ are read as for momentum.
 */
public final class Nesterov extends Momentum {
    /** Nesterov momentum with learning rate η and momentum coefficient μ in [0, 1) (0.9 is usual). */
    public Nesterov(List<Parameter> parameters, double learningRate, double momentum) {
        super("nesterov", parameters, learningRate, momentum);
    }

    @Override
    protected void update(int i, Parameter p) {
        Matrix theta = p.value(), g = p.grad(), v = velocityOf(i);
        double lr = learningRate(), mu = momentum();
        for (int k = 0; k < g.size(); k++) {
            v.setAt(k, mu * v.at(k) + g.at(k));                             // v ← μ v + g
            theta.setAt(k, theta.at(k) - lr * (g.at(k) + mu * v.at(k)));    // θ ← θ − η (g + μ v)
        }
    }
}
