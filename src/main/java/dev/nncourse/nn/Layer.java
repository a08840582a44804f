package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import java.util.List;

/**
 * One stage of a {@link Network}, one sample per row: forward Y = layer(X), and backward ∂L/∂X from G = ∂L/∂Y. A
 * network holds two kinds: {@link Dense}, with the trainable parameters, and {@link Dropout}, which has none.
 *
 * <p><b>Training and evaluation.</b> Every layer is in one of two modes, evaluation unless set otherwise
 * ({@link #setTraining}). Only {@link Dropout} behaves differently in them: it drops entries at random while training
 * and is the identity in evaluation. {@code Trainer.fit} puts the network in training mode for its minibatch steps and
 * in evaluation mode for validation and when it returns; {@link Network#predict} always evaluates.
 *
 * <p>A layer caches what its last forward pass needs on the way back, so the backward pass belongs to that forward
 * pass: one whose input (or, for {@link Dense}, W or b) has changed since throws {@link IllegalStateException}.
 */
public abstract sealed class Layer permits Dense, Dropout {
    private boolean training;

    Layer() {}

    /** Y = layer(X); caches what the backward pass needs. */
    public abstract Matrix forward(Matrix input);

    /** The output in evaluation mode, without caching anything and without drawing from any generator. */
    public abstract Matrix predict(Matrix input);

    /** ∂L/∂X from G = ∂L/∂Y of the last forward pass; a layer with parameters stores ∂J/∂θ beside each θ. */
    public abstract Matrix backward(Matrix gradOutput);

    /** {@link #backward}, then the SGD step θ ← θ − ε ∂J/∂θ of this layer's parameters (if any); returns ∂L/∂X. */
    public abstract Matrix backwardAndDescend(Matrix gradOutput, double learningRate);

    /**
     * What training needs of {@link #backward} in a network's first layer: the parameters' ∂J/∂θ, the same bits, but
     * not ∂L/∂X (see {@link Network#backwardParameters}). This default runs the whole backward pass.
     */
    void backwardParameters(Matrix gradOutput) { backward(gradOutput); }

    /** {@link #backwardAndDescend} without ∂L/∂X, as {@link #backwardParameters}; this default runs the whole pass. */
    void descend(Matrix gradOutput, double learningRate) { backwardAndDescend(gradOutput, learningRate); }

    /** The trainable parameters, in a fixed order (none for {@link Dropout}). */
    public abstract List<Parameter> parameters();

    /** The cached input X of the last forward pass, or null before the first. */
    public abstract Matrix input();

    /** The cached output Y of the last forward pass, or null before the first. */
    public abstract Matrix output();

    /**
     * Throws unless a backward pass may run now: a forward pass was made, nothing it used has changed since, and G has
     * the output's shape. Changes nothing, so a network can check every layer before any layer updates.
     */
    abstract void requireBackward(String op, Matrix gradOutput);

    /** Training mode (true) or evaluation mode (false, the default); see the class comment. */
    public void setTraining(boolean training) { this.training = training; }

    /** Whether the layer is in training mode. */
    public boolean isTraining() { return training; }
}
