package dev.nncourse.nn;

import dev.nncourse.linalg.Kernels;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import dev.nncourse.linalg.Scratch;
import java.util.List;
import java.util.Random;

/**
 * A fully connected layer, source 000's {@code DenseLayer}, with one sample per row.
 *
 * <p>Forward, for a minibatch X (m×n): A = X·W + b, Y = f(A), with W n×k and b 1×k.
 *
 * <p>Backward, given G = ∂L/∂Y from the next layer (row i is ∂L_i/∂y_i):
 * Δ = G ⊙ f′(A); ∂J/∂W = (1/m) Xᵀ·Δ; ∂J/∂b = (1/m) Σ_i Δ_i; and the returned ∂L/∂X = Δ·Wᵀ.
 * The layer caches X, A and Y on the way forward because the way back needs them. It never changes W or b: an
 * optimizer does, from the gradients it stored.
 *
 * <p>Those caches belong to the W, b and X of that forward pass: a backward pass after W, b or X has changed in place
 * (an update, {@code set}) would mix the new W with the old caches, so it throws {@link IllegalStateException}
 * ({@link ForwardStamp}).
 */
public final class Dense extends Layer implements Sized {
    private final int inputs;
    private final int neurons;
    private final Activation activation;
    private final Parameter w;
    private final Parameter b;   // null for a layer without bias
    private final List<Parameter> parameters;
    private Matrix x, a, y;      // caches of the last forward pass: input, pre-activation, output
    private final Scratch aOut = new Scratch(), yOut = new Scratch(), deltas = new Scratch(), dx = new Scratch();
    private ForwardStamp stamp;

    /**
     * A layer with {@code inputs} inputs and {@code neurons} neurons; W drawn by {@code init} from {@code rng}, b = 0.
     * With {@code bias == false} the layer computes A = X·W (source 002 has no biases). The layer keeps a copy of the
     * matrix the initializer returns, so an initializer that returns one matrix twice cannot make two layers share W.
     */
    public Dense(int inputs, int neurons, Activation activation, Initializer init, Random rng, boolean bias) {
        this(initialWeights(inputs, neurons, activation, init, rng), bias ? Matrix.zeros(1, neurons) : null, activation);
    }

    /** A layer with bias. */
    public Dense(int inputs, int neurons, Activation activation, Initializer init, Random rng) {
        this(inputs, neurons, activation, init, rng, true);
    }

    /** A layer holding copies of W and b (null for none), already checked. */
    private Dense(Matrix weights, Matrix bias, Activation activation) {
        this.inputs = weights.rows();
        this.neurons = weights.cols();
        this.activation = activation;
        this.w = new Parameter("W", weights.copy());
        this.b = bias == null ? null : new Parameter("b", bias.copy());
        this.parameters = b == null ? List.of(w) : List.of(w, b);
    }

    /** W drawn by the initializer, after checking every argument and the initializer's answer. */
    private static Matrix initialWeights(int inputs, int neurons, Activation activation, Initializer init, Random rng) {
        Require.positiveCount("Dense", "the number of inputs", inputs);
        Require.positiveCount("Dense", "the number of neurons", neurons);
        Require.shape("Dense: the weights W (inputs × neurons)", inputs, neurons);
        if (activation == null || init == null || rng == null) {
            throw new IllegalArgumentException("Dense: expected an activation, an initializer and a random generator, got "
                    + activation + ", " + init + ", " + rng);
        }
        Matrix weights = init.weights(inputs, neurons, rng);
        if (weights == null || weights.rows() != inputs || weights.cols() != neurons) {
            throw new IllegalArgumentException("Dense: initializer " + init.name() + " returned "
                    + (weights == null ? "null" : weights.shape()) + ", expected a " + inputs + "×" + neurons + " matrix");
        }
        return weights;
    }

    /**
     * A layer with the given weights W (n×k: n inputs, k neurons) and bias b (1×k), for a layer written down by hand or
     * read from a file, with no initializer and no random generator. The layer keeps copies: changing W or b later
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
        Require.finite("Dense.of: bias b", b);
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
        Require.finite("Dense.of: weights W", w);
    }

    /** A layer that takes its input size from the previous layer (source 000's {@code input_size_info}). */
    public static Dense after(Dense previous, int neurons, Activation activation, Initializer init, Random rng) {
        return new Dense(previous.neurons(), neurons, activation, init, rng);
    }

    /** Y = f(X·W + b). Caches X, A and Y. */
    @Override
    public Matrix forward(Matrix input) {
        int m = requireInput("Dense.forward", input);
        x = input;
        a = aOut.of(m, neurons, reusing());
        y = affine(input, a, yOut.of(m, neurons, reusing()));
        stamp = ForwardStamp.take(stamp, x, y, parameters);
        return y;
    }

    /** Y = f(X·W + b), caching nothing: the same bits as {@link #forward}. */
    @Override
    public Matrix predict(Matrix input) {
        int m = requireInput("Dense.predict", input);
        return affine(input, Matrix.zeros(m, neurons), Matrix.zeros(m, neurons));
    }

    /** A ← X·W, then A ← A + b (when there is a bias) and Y ← f(A) in one pass; returns Y. */
    private Matrix affine(Matrix input, Matrix a, Matrix y) {
        Kernels.multInto(input, w.value(), a);                            // A = X·W
        return activation.addBiasThenApply(a, b == null ? null : b.value(), y);   // A ← A + b, Y = f(A)
    }

    /** The number of rows of X, after checking X's columns. */
    private int requireInput(String op, Matrix input) {
        if (Require.given(op, "an input matrix X", input).cols() != inputs) {
            throw new IllegalArgumentException(op + ": input " + input.shape() + " has " + input.cols()
                    + " columns, expected " + inputs + " (one sample per row, one column per input)");
        }
        return input.rows();
    }

    /**
     * Stores ∂J/∂W = (1/m) Xᵀ·Δ and ∂J/∂b = (1/m) Σ_i Δ_i with Δ = G ⊙ f′(A), and returns ∂L/∂X = Δ·Wᵀ.
     * Uses W as it was in the forward pass: after an update, run forward again (else {@link IllegalStateException}).
     */
    @Override
    public Matrix backward(Matrix gradOutput) {
        Matrix delta = gradients(gradOutput);
        return Kernels.multTransposeInto(delta, w.value(), dx.of(delta.rows(), inputs, reusing()));   // ∂L/∂X = Δ·Wᵀ
    }

    /** Stores ∂J/∂W and ∂J/∂b as {@link #backward} does, without ∂L/∂X. */
    @Override
    void backwardParameters(Matrix gradOutput) { gradients(gradOutput); }

    /** Δ = G ⊙ f′(A); stores ∂J/∂W = (1/m) Xᵀ·Δ and ∂J/∂b = (1/m) Σ_i Δ_i; returns Δ. */
    private Matrix gradients(Matrix gradOutput) {
        ForwardStamp.requireBackward(stamp, "Dense.backward", gradOutput);
        Matrix delta = activation.deltaInto(gradOutput, a, y, deltas.of(a.rows(), neurons, reusing()));   // Δ = G ⊙ f′(A)
        double m = x.rows();
        w.setGradProduct(x, delta, 1 / m);                               // ∂J/∂W = (1/m) Xᵀ·Δ
        if (b != null) b.setGradColumnSums(delta, 1 / m);                // ∂J/∂b = (1/m) Σ_i Δ_i
        return delta;
    }

    /** W, then b (if any). */
    @Override
    public List<Parameter> parameters() { return parameters; }

    /** The number of inputs n, source 000's {@code input_size}. */
    @Override
    public int inputs() { return inputs; }

    /** The number of outputs, k. */
    @Override
    public int outputs() { return neurons; }

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

    /** The cached input X of the last forward pass, or null before the first. */
    public Matrix input() { return x; }

    /** The cached pre-activation A = X·W + b of the last forward pass. */
    public Matrix preActivation() { return a; }

    /** The cached output Y = f(A) of the last forward pass, or null before the first. */
    public Matrix output() { return y; }

    @Override
    ForwardStamp stamp() { return stamp; }

    @Override
    public String toString() {
        return "Dense(" + inputs + " → " + neurons + ", " + activation.name() + (b == null ? ", no bias" : "") + ")";
    }
}
