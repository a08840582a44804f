package dev.nncourse.optim;

import dev.nncourse.nn.Parameter;
import java.util.List;

/**
 * Turns the gradients that a backward pass stored in each {@link Parameter} into parameter updates.
 * The training loop calls {@link #afterBatch} after every minibatch's backward pass and {@link #afterEpoch}
 * once all minibatches of an epoch are done.
 */
public interface Optimizer {
    /** Called after the backward pass of a minibatch of {@code batchSize} samples. */
    void afterBatch(List<Parameter> params, int batchSize);

    /** Called at the end of every epoch. */
    default void afterEpoch(List<Parameter> params) {}

    /** Forgets any state gathered during an epoch in progress (the trainer calls it when training is interrupted). */
    default void reset() {}

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
