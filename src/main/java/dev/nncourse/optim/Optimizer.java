package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import java.util.List;

/**
 * Turns the gradients that a backward pass stored in each {@link Parameter} into parameter updates.
 * The training loop calls {@link #step} after every minibatch's forward pass, which by default runs the backward pass
 * and then {@link #afterBatch}, and {@link #afterEpoch} once all minibatches of an epoch are done.
 */
public interface Optimizer {
    /**
     * One training step from G = ∂L/∂Y of a minibatch of {@code batchSize} samples: backward through {@code net} to
     * the parameters' gradients ({@link Network#backwardParameters}: ∂L/∂X of the input is not needed), then
     * {@link #afterBatch}. An optimizer may fuse the two, as {@link Sgd} does, if the result is the same.
     */
    default void step(Network net, Matrix gradOutput, int batchSize) {
        net.backwardParameters(gradOutput);
        afterBatch(net.parameters(), batchSize);
    }

    /** Called after the backward pass of a minibatch of {@code batchSize} samples. */
    void afterBatch(List<Parameter> params, int batchSize);

    /** Called at the end of every epoch. */
    default void afterEpoch(List<Parameter> params) {}

    /**
     * Forgets any state gathered during an epoch in progress. The trainer calls it whenever training stops before the
     * end of an epoch (interrupted, diverged, or any other exception), so no half-summed epoch stays behind.
     */
    default void reset() {}

    /**
     * The optimizer's state as it is now, to go back to later: running the returned action puts that state back (a
     * copy, so the action can run more than once). Early stopping takes one with the weights of the best epoch and
     * restores both, so the parameters and the state that belongs to them stay together. An optimizer without state
     * returns an action that does nothing, as this default does.
     */
    default Runnable snapshot() { return () -> {}; }

    /**
     * Whether this optimizer may update {@code params}, the parameters of a network: always for a stateless one; for
     * one with state, only if that state belongs to these parameters (see {@link ParameterBinding}).
     */
    default boolean belongsTo(List<Parameter> params) { return true; }

    /** A short description such as {@code "sgd(lr=0.1)"}. */
    String name();

    /** Throws unless the learning rate is a positive finite number. */
    static double requireLearningRate(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive finite number, got " + lr);
        }
        return lr;
    }
}
