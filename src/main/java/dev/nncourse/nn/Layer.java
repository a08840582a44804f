package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import java.util.List;

/**
 * One stage of a {@link Network}, one sample per row: forward Y = layer(X), and backward, which turns G = ∂L/∂Y into
 * ∂L/∂X and gives each parameter θ its gradient ∂J/∂θ. A layer computes gradients; it never updates its parameters:
 * that is the optimizer's job. The library's layers are {@link Dense} and {@link Dropout}; write your own by
 * extending this class:
 * <pre>
 *   class Scale extends Layer {                       // Y = s·X with a trainable scalar s
 *       final Parameter s = new Parameter("s", Matrix.filled(1, 1, 1.0));
 *       Matrix x;
 *       public Matrix forward(Matrix input) { x = input; return input.scale(s.value().at(0)); }
 *       public Matrix backward(Matrix g) {
 *           s.setGrad(Matrix.filled(1, 1, g.hadamard(x).sum() / x.rows()));   // ∂J/∂s = (1/m) Σ G ⊙ X
 *           return g.scale(s.value().at(0));                                   // ∂L/∂X = s·G
 *       }
 *       public List&lt;Parameter&gt; parameters() { return List.of(s); }
 *   }
 * </pre>
 * Such a layer works in a {@link Network}, with {@code Trainer}, the gradient checks, live charts and early stopping.
 * The network guards it as it guards its own: a backward pass before any forward pass, or after the layer's input or
 * parameters changed since its forward pass, or with a G of the wrong shape, is refused before any layer runs.
 *
 * <p><b>Conventions.</b> Row i of G is ∂L_i/∂y_i, one sample's gradient, not divided by the batch size m; a layer
 * with parameters averages: ∂J/∂θ = (1/m) Σ_i ∂L_i/∂θ, the gradient of the mean cost J. The returned ∂L/∂X is per
 * sample again.
 *
 * <p><b>Training and evaluation.</b> Every layer is in one of two modes, evaluation unless set otherwise
 * ({@link #setTraining}). {@link Dropout} drops entries at random while training and is the identity in evaluation.
 * {@code Trainer.fit} puts the network in training mode for its minibatch steps and in evaluation mode for validation
 * and when it returns; {@link Network#predict} always evaluates.
 */
public abstract class Layer {
    private boolean training;
    private boolean reuse;

    /** Y = layer(X); keeps what the backward pass will need. */
    public abstract Matrix forward(Matrix input);

    /**
     * From G = ∂L/∂Y of the last forward pass: sets ∂J/∂θ of every parameter ({@link Parameter#setGrad}) and returns
     * ∂L/∂X. Never changes a parameter's value.
     */
    public abstract Matrix backward(Matrix gradOutput);

    /** The trainable parameters, in a fixed order; none by default. */
    public List<Parameter> parameters() { return List.of(); }

    /**
     * The output in evaluation mode, for predictions: by default {@link #forward}. A layer whose forward pass draws
     * random numbers or keeps caches that a pending backward pass needs overrides it to do neither.
     */
    public Matrix predict(Matrix input) { return forward(input); }

    /**
     * What a training step needs of {@link #backward} in a network's first layer with parameters: ∂J/∂θ, the same
     * bits, but not ∂L/∂X, which nothing uses (see {@link Network#backwardParameters}). This default runs the whole
     * backward pass; {@link Dense} skips its product Δ·Wᵀ.
     */
    void backwardParameters(Matrix gradOutput) { backward(gradOutput); }

    /** The layer's state besides its parameters (a generator's position, running averages), to put back later. */
    Network.Snapshot state() { return () -> {}; }

    /** The stamp of the layer's own last forward pass, for a layer of the library that keeps one; null otherwise. */
    ForwardStamp stamp() { return null; }

    /** Set by {@link Network#setReuse}: whether the layer may write a pass's matrices into those of the pass before. */
    void setReuse(boolean reuse) { this.reuse = reuse; }

    /** Whether the layer writes its matrices of a pass into those it kept from the pass before. */
    final boolean reusing() { return reuse; }

    /** Training mode (true) or evaluation mode (false, the default); see the class comment. */
    public void setTraining(boolean training) { this.training = training; }

    /** Whether the layer is in training mode. */
    public boolean isTraining() { return training; }
}
