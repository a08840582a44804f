package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import java.util.List;
import java.util.Random;

/**
 * Source 001's {@code Layer}, with one sample per COLUMN. It is {@link Dense} transposed: W = W_denseᵀ,
 * b = b_denseᵀ, A1 = Xᵀ, Z = Aᵀ.
 *
 * <p>Forward, for A1 (inputs×m): Z = W·A1 + b, A = act(Z), with W neurons×inputs and b neurons×1 (Z = W·A1 for a
 * layer {@link #withoutBias}, as source 002's layers are).
 *
 * <p>Backward, given dA (neurons×m, column i is ∂L_i/∂a_i): dZ = act′(Z) ⊙ dA; dW = (1/m) dZ·A1ᵀ;
 * db = (1/m) Σ_i dZ_i; dA1 = Wᵀ·dZ ({@link #backward}, which changes nothing else); then, inside the layer as the source
 * does, W ← W − α dW and b ← b − α db ({@link #backprop}).
 *
 * <p>dA1 uses the W of the forward pass, the old W (the update comes after it). So one feedforward allows one backprop:
 * a second backprop, or one after W, b or A1 were changed in place, would pair the new W with the old Z and throws
 * {@link IllegalStateException} ({@link ForwardStamp}). {@link #backward} takes no step, so it may be called again
 * and again.
 *
 * <p>This is the one layer of the library that updates its own parameters: it reproduces source 001's design, in
 * which {@code backprop} takes the SGD step with a learning rate the layer holds. Everywhere else a layer computes
 * gradients and an optimizer (package {@code optim}) applies them.
 */
public final class ColumnLayer {
    private final Matrix w;
    private final Matrix b;   // null for a layer without bias
    private final Activation act;
    private final double lr;
    private final List<Parameter> parameters;   // W and b, for the stamp
    private Matrix a1, z, a, dz, dw, db;   // caches of the last feedforward and backprop
    private ForwardStamp stamp;

    /** A layer with copies of the given W (neurons×inputs) and b (neurons×1) and learning rate α. */
    public ColumnLayer(Matrix w, Matrix b, Activation act, double learningRate) {
        this(w, b, act, learningRate, true);
    }

    private ColumnLayer(Matrix w, Matrix b, Activation act, double learningRate, boolean bias) {
        if (w == null || (bias && b == null) || act == null) {
            throw new IllegalArgumentException("ColumnLayer: expected a weight matrix W, " + (bias ? "a bias b " : "")
                    + "and an activation, got " + (w == null ? "null" : w.shape()) + ", "
                    + (bias ? (b == null ? "null" : b.shape()) + ", " : "") + act
                    + (bias && b == null ? " (for a layer without bias use ColumnLayer.withoutBias)" : ""));
        }
        if (bias && (b.rows() != w.rows() || b.cols() != 1)) {
            throw new IllegalArgumentException("ColumnLayer: bias " + b.shape() + " must be " + w.rows() + "×1 for W " + w.shape());
        }
        Require.learningRate("ColumnLayer", learningRate);
        this.w = w.copy();
        this.b = bias ? b.copy() : null;
        this.act = act;
        this.lr = learningRate;
        this.parameters = bias ? List.of(new Parameter("W", this.w), new Parameter("b", this.b))
                : List.of(new Parameter("W", this.w));
    }

    /**
     * A layer without bias, Z = W·A1 (source 002's layers), with a copy of W (neurons×inputs) and learning rate α.
     * Its {@link #bias()} and {@link #biasGrad()} are null.
     */
    public static ColumnLayer withoutBias(Matrix w, Activation act, double learningRate) {
        return new ColumnLayer(w, null, act, learningRate, false);
    }

    /** The source's constructor: W = randn(neurons, inputs) drawn from {@code rng}, b = zeros(neurons, 1). */
    public ColumnLayer(int inputs, int neurons, Activation act, double learningRate, Random rng) {
        this(Matrix.gaussian(neurons, inputs, requireSizes(inputs, neurons, act, rng)), Matrix.zeros(neurons, 1), act,
                learningRate);
    }

    /** Checks the arguments of the source's constructor before W is drawn; returns the generator. */
    private static Random requireSizes(int inputs, int neurons, Activation act, Random rng) {
        if (inputs < 1 || neurons < 1) {
            throw new IllegalArgumentException("ColumnLayer: inputs and neurons must be positive counts, got " + inputs
                    + " inputs and " + neurons + " neurons");
        }
        Require.shape("ColumnLayer: the weights W (neurons × inputs)", neurons, inputs);
        if (act == null || rng == null) {
            throw new IllegalArgumentException("ColumnLayer: expected an activation and a random generator, got " + act
                    + " and " + rng);
        }
        return rng;
    }

    /**
     * The column-convention twin of a dense layer: W = W_denseᵀ, b = b_denseᵀ, the same activation; a layer without
     * bias has a twin without bias.
     */
    public static ColumnLayer of(Dense dense, double learningRate) {
        if (dense == null) throw new IllegalArgumentException("ColumnLayer.of: expected a Dense layer, got null");
        if (dense.bias() == null) return withoutBias(dense.weights().transpose(), dense.activation(), learningRate);
        return new ColumnLayer(dense.weights().transpose(), dense.bias().transpose(), dense.activation(), learningRate);
    }

    /** Z = W·A1 + b, A = act(Z). Caches A1, Z and A; returns A. */
    public Matrix feedforward(Matrix input) {
        if (input == null) throw new IllegalArgumentException("ColumnLayer.feedforward: expected an input A1, got null");
        if (input.rows() != w.cols()) {
            throw new IllegalArgumentException("ColumnLayer.feedforward: input " + input.shape() + " has " + input.rows()
                    + " rows, expected " + w.cols() + " (one sample per column, one row per input)");
        }
        a1 = input;
        z = b == null ? w.mult(a1) : w.mult(a1).plusColumn(b);
        a = act.f(z);
        stamp = ForwardStamp.of(a1, a, parameters);
        return a;
    }

    /**
     * The gradients without a step: dZ = act′(Z) ⊙ dA, dW = (1/m) dZ·A1ᵀ, db = (1/m) Σ_i dZ_i, kept for
     * {@link #preActivationGrad()}, {@link #weightGrad()} and {@link #biasGrad()}; returns dA1 = Wᵀ·dZ. W and b are left
     * as they are, so a gradient check can read the gradients of the very W that computed Z.
     */
    public Matrix backward(Matrix dA) { return backward("backward", dA); }

    private Matrix backward(String op, Matrix dA) {
        if (stamp == null) {   // this layer's forward pass is called feedforward, as in source 001
            throw new IllegalStateException("ColumnLayer." + op + ": call feedforward first; there is no forward pass to go back "
                    + "through");
        }
        ForwardStamp.requireBackward(stamp, "ColumnLayer." + op, dA);
        double m = dA.cols();
        dz = act.df(z).hadamard(dA);
        dw = dz.mult(a1.transpose()).scale(1 / m);
        db = b == null ? null : dz.rowSums().scale(1 / m);
        return w.transpose().mult(dz);
    }

    /**
     * Source 001's {@code backprop}: {@link #backward}, then W ← W − α dW and b ← b − α db. Returns dA1, computed with the
     * W of the forward pass (before the update).
     */
    public Matrix backprop(Matrix dA) {
        Matrix dA1 = backward("backprop", dA);   // before the update: the forward pass used this W
        w.addScaledInPlace(dw, -lr);
        if (b != null) b.addScaledInPlace(db, -lr);
        return dA1;
    }

    /** W (neurons×inputs), updated in place by {@link #backprop}. */
    public Matrix weights() { return w; }

    /** b (neurons×1), updated in place by {@link #backprop}; null for a layer without bias. */
    public Matrix bias() { return b; }

    public Activation activation() { return act; }

    /** The learning rate α. */
    public double learningRate() { return lr; }

    /** A1, the input of the last feedforward. */
    public Matrix input() { return a1; }

    /** Z = W·A1 + b of the last feedforward. */
    public Matrix preActivation() { return z; }

    /** A = act(Z), the output of the last feedforward. */
    public Matrix output() { return a; }

    /** dZ of the last backward or backprop. */
    public Matrix preActivationGrad() { return dz; }

    /** dW of the last backward or backprop. */
    public Matrix weightGrad() { return dw; }

    /** db of the last backward or backprop; null for a layer without bias. */
    public Matrix biasGrad() { return db; }

    @Override
    public String toString() {
        return "ColumnLayer(" + w.cols() + " → " + w.rows() + ", " + act.name() + (b == null ? ", no bias" : "") + ", α = "
                + lr + ")";
    }
}
