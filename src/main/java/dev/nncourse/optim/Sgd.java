package dev.nncourse.optim;

import dev.nncourse.nn.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent: after every minibatch, θ ← θ − η ∂J/∂θ (source 002's {@code sgd}).
 *
 * <p>For one sample the weight gradient xᵀδ is kept as its two factors ({@link Parameter#setGradProduct}), and the
 * step adds −η xᵀδ to W row by row without writing the outer product out: the same bits, with W read and written once.
 */
public final class Sgd extends AbstractOptimizer {
    /** SGD with learning rate η for these parameters: {@code new Sgd(net.parameters(), 0.1)}. */
    public Sgd(List<Parameter> parameters, double learningRate) { super("sgd", parameters, learningRate); }

    @Override
    protected void update(int i, Parameter p) {
        p.addGradTo(p.value(), -learningRate());             // θ ← θ − η ∂J/∂θ
    }
}
