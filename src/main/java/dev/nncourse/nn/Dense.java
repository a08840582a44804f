package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import java.util.List;
import java.util.Random;

/**
 * A fully connected layer, source 000's {@code DenseLayer}, with one sample per row.
 *
 * <p>Forward, for a minibatch X (m×n): A = X·W + b, Y = f(A), with W n×k and b 1×k.
 *
 * <p>Backward, given G = ∂L/∂Y from the next layer (row i is ∂L_i/∂y_i):
 * Δ = G ⊙ f′(A); ∂J/∂W = (1/m) Xᵀ·Δ; ∂J/∂b = (1/m) Σ_i Δ_i; and the returned ∂L/∂X = Δ·Wᵀ.
 * The layer caches X and A on the way forward because the way back needs them.
 *
 * <p>Those caches belong to the W, b and X of that forward pass. A backward pass after W, b or X has changed in place
 * (an update, {@code set}, a second {@code backwardAndDescend}) would mix the new W with the old caches, so it throws
 * {@link IllegalStateException}: the layer records the change counts ({@link Matrix#version}) of W, b and X in
 * {@link #forward} and compares them on the way back.
 */
public final class Dense extends Layer {
    private final int inputs;
    private final int neurons;
    private final Activation activation;
    private final Parameter w;
    private final Parameter b;   // null for a layer without bias
    private Matrix x, a, y;      // caches of the last forward pass: input, pre-activation, output
    private int xVersion, wVersion, bVersion;   // the change counts of X, W and b in that forward pass

    /**
     * A layer with {@code inputs} inputs and {@code neurons} neurons; W drawn by {@code init} from {@code rng}, b = 0.
     * With {@code bias == false} the layer computes A = X·W (source 002 has no biases). The layer keeps a copy of the
     * matrix the initializer returns, so an initializer that returns one matrix twice cannot make two layers share W.
     */
    public Dense(int inputs, int neurons, Activation activation, Initializer init, Random rng, boolean bias) {
        if (inputs < 1) throw new IllegalArgumentException("Dense: inputs must be a positive count, got " + inputs);
        if (neurons < 1) throw new IllegalArgumentException("Dense: neurons must be a positive count, got " + neurons);
        Matrix.requireShape("Dense: the weights W (inputs × neurons)", inputs, neurons);
        if (activation == null || init == null || rng == null) {
            throw new IllegalArgumentException("Dense: expected an activation, an initializer and a random generator, got "
                    + activation + ", " + init + ", " + rng);
        }
        Matrix weights = init.weights(inputs, neurons, rng);
        if (weights == null) {
            throw new IllegalArgumentException("Dense: initializer " + init.name() + " returned null, expected a "
                    + inputs + "×" + neurons + " matrix");
        }
        if (weights.rows() != inputs || weights.cols() != neurons) {
            throw new IllegalArgumentException("Dense: initializer " + init.name() + " returned " + weights.shape()
                    + ", expected " + inputs + "×" + neurons);
        }
        this.inputs = inputs;
        this.neurons = neurons;
        this.activation = activation;
        this.w = new Parameter("W", weights.copy());
        this.b = bias ? new Parameter("b", Matrix.zeros(1, neurons)) : null;
    }

    /** A layer holding copies of W and b (null for none), already checked. */
    private Dense(Matrix weights, Matrix bias, Activation activation) {
        this.inputs = weights.rows();
        this.neurons = weights.cols();
        this.activation = activation;
        this.w = new Parameter("W", weights.copy());
        this.b = bias == null ? null : new Parameter("b", bias.copy());
    }

    /**
     * A layer with the given weights W (n×k: n inputs, k neurons) and bias b (1×k), for a layer written down by hand or
     * taken from elsewhere, with no initializer and no random generator. The layer keeps copies: changing W or b later
     * does not change it.
     */
    public static Dense of(Matrix w, Matrix b, Activation activation) {
        requireGiven(w, activation);
        if (b == null) {
            throw new IllegalArgumentException("Dense.of: expected a bias b (1×" + w.cols() + "), got null; for a layer "
                    + "without bias use Dense.of(W, activation)");
        }
        if (b.rows() != 1 || b.cols() != w.cols()) {
            throw new IllegalArgumentException("Dense.of: bias " + b.shape() + " must be 1×" + w.cols() + ", one entry per "
                    + "neuron (a column of W " + w.shape() + ")");
        }
        requireFinite("bias b", b);
        return new Dense(w, b, activation);
    }

    /** A layer without bias, A = X·W, with the given weights W (n×k), copied. */
    public static Dense of(Matrix w, Activation activation) {
        requireGiven(w, activation);
        return new Dense(w, null, activation);
    }

    private static void requireGiven(Matrix w, Activation activation) {
        if (w == null || activation == null) {
            throw new IllegalArgumentException("Dense.of: expected weights W (inputs × neurons) and an activation, got "
                    + (w == null ? "null" : w.shape()) + " and " + activation);
        }
        requireFinite("weights W", w);
    }

    private static void requireFinite(String what, Matrix m) {
        for (int k = 0; k < m.size(); k++) {
            if (!Double.isFinite(m.at(k))) {
                throw new IllegalArgumentException("Dense.of: " + what + " has " + m.at(k) + " at (" + k / m.cols() + ", "
                        + k % m.cols() + "); expected finite numbers");
            }
        }
    }

    /** A layer with bias. */
    public Dense(int inputs, int neurons, Activation activation, Initializer init, Random rng) {
        this(inputs, neurons, activation, init, rng, true);
    }

    /** A layer that takes its input size from the previous layer (source 000's {@code input_size_info}). */
    public static Dense after(Dense previous, int neurons, Activation activation, Initializer init, Random rng) {
        return new Dense(previous.neurons(), neurons, activation, init, rng);
    }

    /** Y = f(X·W + b). Caches X, A and Y. */
    @Override
    public Matrix forward(Matrix input) {
        a = affine("forward", input);
        x = input;
        y = activation.f(a);
        xVersion = x.version();
        wVersion = w.value().version();
        bVersion = b == null ? 0 : b.value().version();
        return y;
    }

    /** Y = f(X·W + b), caching nothing: the same bits as {@link #forward}. */
    @Override
    public Matrix predict(Matrix input) { return activation.f(affine("predict", input)); }

    /** A = X·W + b (X·W without bias), after checking X's columns. */
    private Matrix affine(String op, Matrix input) {
        if (input.cols() != inputs) {
            throw new IllegalArgumentException("Dense." + op + ": input " + input.shape() + " has " + input.cols()
                    + " columns, expected " + inputs + " (one sample per row, one column per input)");
        }
        Matrix xw = input.mult(w.value());
        return b == null ? xw : xw.plusRow(b.value());
    }

    /**
     * Stores ∂J/∂W = (1/m) Xᵀ·Δ and ∂J/∂b = (1/m) Σ_i Δ_i with Δ = G ⊙ f′(A), and returns ∂L/∂X = Δ·Wᵀ.
     * Uses W as it was in the forward pass: after an update, run forward again (else {@link IllegalStateException}).
     */
    @Override
    public Matrix backward(Matrix gradOutput) {
        Matrix delta = gradients("backward", gradOutput);
        return delta.multTranspose(w.value());                            // ∂L/∂X = Δ·Wᵀ
    }

    /** Stores ∂J/∂W and ∂J/∂b as {@link #backward} does, without ∂L/∂X. */
    @Override
    void backwardParameters(Matrix gradOutput) { gradients("backward", gradOutput); }

    /** Stores ∂J/∂W = (1/m) Xᵀ·Δ and ∂J/∂b = (1/m) Σ_i Δ_i; returns Δ. */
    private Matrix gradients(String op, Matrix gradOutput) {
        Matrix delta = delta(op, gradOutput);
        double m = x.rows();
        x.transposeMultInto(delta, w.grad()).scaleInPlace(1 / m);          // ∂J/∂W = (1/m) Xᵀ·Δ, written in place
        if (b != null) b.grad().setTo(delta.columnSums()).scaleInPlace(1 / m);
        return delta;
    }

    /**
     * {@link #backward} followed by the SGD step θ ← θ − ε ∂J/∂θ for W and b; returns ∂L/∂X, computed with the W of
     * the forward pass. For a single sample (m = 1) the two are fused: ∂J/∂W = xᵀδ is an outer product, so each row
     * of W is read once to give its entry of δ·Wᵀ and take its update, and ∂J/∂W is kept as its two factors until
     * {@link #weightGrad()} asks for it. Either way the bits are those of backward and then {@code Sgd}.
     */
    @Override
    public Matrix backwardAndDescend(Matrix gradOutput, double learningRate) {
        return backwardAndDescend(gradOutput, learningRate, true);
    }

    /** {@link #backwardAndDescend} without ∂L/∂X: the same update. */
    @Override
    void descend(Matrix gradOutput, double learningRate) { backwardAndDescend(gradOutput, learningRate, false); }

    private Matrix backwardAndDescend(Matrix gradOutput, double learningRate, boolean inputGradient) {
        requireLearningRate(learningRate);
        if (x != null && x.rows() != 1) {
            Matrix delta = gradients("backwardAndDescend", gradOutput);
            Matrix dx = inputGradient ? delta.multTranspose(w.value()) : null;   // with W as it was
            for (Parameter p : parameters()) p.value().addScaledInPlace(p.grad(), -learningRate);
            return dx;
        }
        Matrix delta = delta("backwardAndDescend", gradOutput);
        w.setGradOuter(x, delta);                                          // ∂J/∂W = xᵀδ
        if (b != null) b.value().addScaledInPlace(b.grad().setTo(delta), -learningRate);
        if (inputGradient) return w.value().dotRowsThenAddOuter(delta, x, -learningRate);   // δ·Wᵀ, then W ← W − ε xᵀδ
        w.value().addOuterInPlace(x, delta, -learningRate);                                  // W ← W − ε xᵀδ alone
        return null;
    }

    /** Δ = G ⊙ f′(A) for the cached A, after checking that G has A's shape. */
    private Matrix delta(String op, Matrix gradOutput) {
        requireBackward(op, gradOutput);
        return gradOutput.hadamard(activation.df(a, y));
    }

    /**
     * Throws unless a backward pass may run now: a forward pass has been made, and W, b and its input X are unchanged
     * since, and G has the shape of the output. Changes nothing (so a network can check every layer first).
     */
    @Override
    void requireBackward(String op, Matrix gradOutput) {
        if (x == null) throw new IllegalStateException("Dense." + op + ": call forward first; there is no cached input");
        String changed = w.value().version() != wVersion ? "its weights W"
                : b != null && b.value().version() != bVersion ? "its bias b"
                : x.version() != xVersion ? "the input X of that pass" : null;
        if (changed != null) {
            throw new IllegalStateException("Dense." + op + ": " + changed + " changed since the last forward pass (by an "
                    + "update or a write), so the cached input and pre-activation no longer match; run forward again "
                    + "before each backward pass");
        }
        if (gradOutput == null || gradOutput.rows() != a.rows() || gradOutput.cols() != a.cols()) {
            throw new IllegalArgumentException("Dense." + op + ": gradient " + (gradOutput == null ? "null" : gradOutput.shape())
                    + " must match the layer's output " + a.shape());
        }
    }

    /** Throws unless the learning rate is a positive finite number. */
    static void requireLearningRate(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("Dense.backwardAndDescend: the learning rate must be a positive finite number, got "
                    + learningRate);
        }
    }

    /** W and, if present, b. */
    @Override
    public List<Parameter> parameters() { return b == null ? List.of(w) : List.of(w, b); }

    public int inputs() { return inputs; }

    /** The number of neurons k, source 000's {@code neurons_num}. */
    public int neurons() { return neurons; }

    public Activation activation() { return activation; }

    /** The weights W (n×k). */
    public Matrix weights() { return w.value(); }

    /** The bias b (1×k), or null for a layer without bias. */
    public Matrix bias() { return b == null ? null : b.value(); }

    /** ∂J/∂W from the last backward pass. */
    public Matrix weightGrad() { return w.grad(); }

    /** ∂J/∂b from the last backward pass, or null without bias. */
    public Matrix biasGrad() { return b == null ? null : b.grad(); }

    /** The cached input X of the last forward pass. */
    @Override
    public Matrix input() { return x; }

    /** The cached pre-activation A = X·W + b of the last forward pass. */
    public Matrix preActivation() { return a; }

    /** The cached output Y = f(A) of the last forward pass. */
    @Override
    public Matrix output() { return y; }

    @Override
    public String toString() {
        return "Dense(" + inputs + " → " + neurons + ", " + activation.name() + (b == null ? ", no bias" : "") + ")";
    }
}
