package dev.nncourse.optim;

import dev.nncourse.nn.Parameter;
import java.util.List;

/**
 * Updates a fixed list of parameters from the gradients that a backward pass stored beside them. An optimizer is bound
 * to its parameters when it is made, {@code new Adam(net.parameters(), 1e-3)}, and its state (a velocity, moments, a
 * step count) belongs to them. It never runs a backward pass: the training loop does that, then calls {@link #step}.
 * <pre>
 *   Matrix y = net.forward(x);
 *   net.backward(loss.gradient(y, t));   // every parameter's ∂J/∂θ
 *   optimizer.step(x.rows());            // θ ← θ − η ∂J/∂θ, or Adam's update, …
 * </pre>
 */
public interface Optimizer {
    /** The parameters this optimizer updates, in the order it was given them. */
    List<Parameter> parameters();

    /** One update of every parameter from the gradient ∂J/∂θ of a minibatch of {@code batchSize} samples. */
    void step(int batchSize);

    /** Called at the end of every epoch: full-batch {@link GradientDescent} updates here; the others do nothing. */
    default void endEpoch() {}

    /**
     * Forgets what was gathered of an epoch in progress (what {@link GradientDescent} sums until {@link #endEpoch}).
     * The trainer calls it whenever training stops before the end of an epoch, so no half-summed epoch stays behind.
     * The state of every other optimizer belongs to its last completed step and is kept.
     */
    default void abandonEpoch() {}

    /** A copy of everything the optimizer holds (see {@link OptimizerState}). */
    OptimizerState state();

    /**
     * Puts a state back, as {@link #state} gave it or a model file holds it, bit for bit: the kind and settings must
     * be this optimizer's, the slots of its parameters' shapes. Everything is checked before anything changes.
     */
    void restore(OptimizerState state);

    /** The state as it is now, to go back to with {@link Snapshot#restore} (early stopping keeps the best epoch's). */
    default Snapshot snapshot() {
        OptimizerState saved = state();
        return () -> restore(saved);
    }

    /** A copy of an optimizer's state, taken by {@link #snapshot}. */
    interface Snapshot {
        /** Puts the optimizer back as it was when the snapshot was taken. */
        void restore();
    }

    /**
     * Sets the learning rate η of the steps that follow; a schedule does so before each step ({@code Trainer.schedule}).
     * An optimizer without a learning rate throws {@link UnsupportedOperationException}, as this default does.
     */
    default void setLearningRate(double learningRate) {
        throw new UnsupportedOperationException(name() + " has no learning rate that a schedule can set");
    }

    /** A short description such as {@code "sgd(lr=0.1)"}. */
    String name();
}
