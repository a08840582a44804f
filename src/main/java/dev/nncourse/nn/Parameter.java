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
    private Matrix u, v;          // the factors of a one-sample gradient uᵀv, not yet written into grad
    private boolean pending;      // whether grad still has to be set to uᵀv

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
    public Matrix grad() {
        if (pending) {
            u.transposeMultInto(v, grad);
            pending = false;
        }
        return grad;
    }

    /**
     * Records ∂J/∂θ = uᵀv for rows u (1×r) and v (1×c), one sample's weight gradient xᵀδ, as copies of its two factors:
     * {@link #grad()} writes the r×c outer product out only if someone asks for it (per-sample SGD never does).
     */
    void setGradOuter(Matrix u, Matrix v) {
        if (u.rows() != 1 || v.rows() != 1 || u.cols() != grad.rows() || v.cols() != grad.cols()) {
            throw new IllegalArgumentException("setGradOuter: " + name + " is " + grad.shape() + ", so the factors must be 1×"
                    + grad.rows() + " and 1×" + grad.cols() + ", got " + u.shape() + " and " + v.shape());
        }
        if (this.u == null) {
            this.u = Matrix.zeros(1, grad.rows());
            this.v = Matrix.zeros(1, grad.cols());
        }
        this.u.setTo(u);
        this.v.setTo(v);
        pending = true;
    }

    @Override public String toString() { return name + " " + value.shape(); }
}
