package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;

/**
 * A trainable matrix θ with the gradient ∂J/∂θ that the last backward pass stored beside it.
 * Optimizers read {@link #grad()} and update {@link #value()} in place.
 */
public final class Parameter {
    private final String name;
    private final Matrix value;
    private final Matrix grad;

    public Parameter(String name, Matrix value) {
        this.name = name;
        this.value = value;
        this.grad = Matrix.zeros(value.rows(), value.cols());
    }

    /** A name such as {@code "layer1.W"}. */
    public String name() { return name; }

    /** θ itself (mutable: optimizers update it in place). */
    public Matrix value() { return value; }

    /** ∂J/∂θ from the last backward pass, same shape as θ. */
    public Matrix grad() { return grad; }

    @Override public String toString() { return name + " " + value.shape(); }
}
