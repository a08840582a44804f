package dev.nncourse.nn;

import dev.nncourse.linalg.Kernels;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;

/**
 * A trainable matrix θ and the gradient ∂J/∂θ that the last backward pass gave it. A layer's backward pass sets the
 * gradient ({@link #setGrad}, {@link #setGradProduct}); an optimizer reads it ({@link #grad}, {@link #addGradTo}) and
 * updates {@link #value()} in place. The layer never updates θ; the optimizer never computes ∂J/∂θ.
 *
 * <p><b>One sample's weight gradient</b> is an outer product, ∂J/∂W = xᵀδ, of rank one. {@link #setGradProduct} keeps
 * it as its two factors instead of writing out its n·k entries, and {@link #addGradTo} adds it to a matrix row by row
 * from them (BLAS's {@code dger}), reading and writing that matrix once. {@link #grad} computes the matrix from the
 * factors when someone asks for it, without changing what is stored.
 */
public final class Parameter {
    private final String name;
    private final Matrix value;
    private final Matrix grad;
    private Matrix u, v;   // when not null, ∂J/∂θ = uᵀv, kept as its factors (see setGradProduct)

    /** A parameter named {@code name} (such as {@code "W"}) holding θ = {@code value} itself, with ∂J/∂θ = 0. */
    public Parameter(String name, Matrix value) {
        this.name = Require.given("Parameter", "a name", name);
        this.value = Require.given("Parameter", "a matrix θ", value);
        this.grad = Matrix.zeros(value.rows(), value.cols());
    }

    /** The name, such as {@code "W"} or {@code "b"}; a network names it {@code layer1.W}. */
    public String name() { return name; }

    /** θ itself (mutable: optimizers update it in place). */
    public Matrix value() { return value; }

    /**
     * ∂J/∂θ from the last backward pass, same shape as θ: read it, do not write into it (use {@link #setGrad} or
     * {@link #addToGrad}). A gradient kept as two factors is computed anew, as a new matrix, at each call.
     */
    public Matrix grad() { return u == null ? grad : u.transposeMult(v); }

    /** ∂J/∂θ ← g, copied (the backward pass of a layer sets it). */
    public void setGrad(Matrix g) {
        grad.setTo(ofShape("setGrad", g));
        u = v = null;
    }

    /**
     * ∂J/∂θ ← s·AᵀB, the form of a dense layer's ∂J/∂W = (1/m) XᵀΔ. For one row each (a single sample, m = 1, s = 1)
     * the gradient xᵀδ is kept as copies of its two factors, not written out.
     */
    public void setGradProduct(Matrix a, Matrix b, double s) {
        Require.given("setGradProduct", "a matrix A", a);
        Require.given("setGradProduct", "a matrix B", b);
        if (a.cols() != grad.rows() || b.cols() != grad.cols() || a.rows() != b.rows()) {
            throw new IllegalArgumentException("setGradProduct: " + name + " is " + grad.shape() + ", so AᵀB needs A m×"
                    + grad.rows() + " and B m×" + grad.cols() + ", got A " + a.shape() + " and B " + b.shape());
        }
        if (a.rows() == 1 && s == 1) {
            if (u == null) {
                u = Matrix.zeros(1, grad.rows());
                v = Matrix.zeros(1, grad.cols());
            }
            u.setTo(a);
            v.setTo(b);
            return;
        }
        Kernels.transposeMultInto(a, b, grad).scaleInPlace(s);
        u = v = null;
    }

    /**
     * ∂J/∂θ ← s·Σ_i A_i, the sum of A's rows scaled: the form of a dense layer's ∂J/∂b = (1/m) Σ_i Δ_i, for θ a 1×k row
     * and A m×k. The same bits as {@code setGrad(a.columnSums().scale(s))}, without the intermediate matrices.
     */
    public void setGradColumnSums(Matrix a, double s) {
        if (Require.given("setGradColumnSums", "a matrix A", a).cols() != grad.cols() || grad.rows() != 1) {
            throw new IllegalArgumentException("setGradColumnSums: " + name + " is " + grad.shape() + ", so Σ_i A_i needs θ "
                    + "1×k and A m×k, got A " + a.shape());
        }
        Kernels.columnSums(a, s, grad);
        u = v = null;
    }

    /** ∂J/∂θ ← ∂J/∂θ + s·m (a penalty adds its gradient so); a gradient kept as factors is written out first. */
    public void addToGrad(Matrix m, double s) {
        ofShape("addToGrad", m);
        if (u != null) setGrad(grad());
        grad.addScaledInPlace(m, s);
    }

    /** A ← A + s·∂J/∂θ, for a matrix A of θ's shape (such as θ itself, or an optimizer's running sum). */
    public void addGradTo(Matrix a, double s) {
        ofShape("addGradTo", a);
        if (u == null) a.addScaledInPlace(grad, s);
        else Kernels.addOuter(a, u, v, s);
    }

    /** Throws unless m is given and has θ's shape (the message is built only then); returns m. */
    private Matrix ofShape(String op, Matrix m) {
        if (m == null || m.rows() != grad.rows() || m.cols() != grad.cols()) Require.sameShape(op + ": " + name, grad, m);
        return m;
    }

    @Override public String toString() { return name + " " + value.shape(); }
}
