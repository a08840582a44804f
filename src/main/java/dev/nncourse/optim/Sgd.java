package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import java.util.List;

/** Stochastic gradient descent: after every minibatch, θ ← θ − ε ∂J/∂θ (source 002's {@code sgd}). */
public final class Sgd implements Optimizer {
    private final double lr;

    /** SGD with learning rate ε. */
    public Sgd(double learningRate) { this.lr = Optimizer.requireLearningRate(learningRate); }

    /**
     * Backward, then θ ← θ − ε ∂J/∂θ, fused into one pass over each layer's weights for a single sample
     * ({@link Network#descend}); the same bits as backward, then {@link #afterBatch}.
     */
    @Override
    public void step(Network net, Matrix gradOutput, int batchSize) { net.descend(gradOutput, lr); }

    /** θ ← θ − ε ∂J/∂θ for every parameter. */
    @Override
    public void afterBatch(List<Parameter> params, int batchSize) {
        for (Parameter p : params) p.value().addScaledInPlace(p.grad(), -lr);
    }

    public double learningRate() { return lr; }

    @Override public String name() { return "sgd(lr=" + lr + ")"; }

    @Override public String toString() { return name(); }
}
