package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;

/**
 * A nonlinearity f applied entry by entry, with its derivative f′. Both take the pre-activation a (source 000's
 * {@code self.a}), so a layer can compute f(a) on the way forward and f′(a) on the way back.
 */
public interface Activation {
    /** f(a). */
    double f(double a);

    /** f′(a) = df/da. */
    double df(double a);

    /** A short name such as {@code "tanh"}. */
    String name();

    /** f applied to every entry: O = f(A). */
    default Matrix f(Matrix a) { return a.map(this::f); }

    /** f′ applied to every entry: f′(A). */
    default Matrix df(Matrix a) { return a.map(this::df); }

    /** f′(A) when Y = f(A) is known too, as on the way back; an activation may reuse Y (σ′ = σ(1 − σ)). */
    default Matrix df(Matrix a, Matrix y) { return df(a); }

    /**
     * A layer's output in one pass over A: A ← A + 1·b in place (the bias row b added to every row; b null for none),
     * then Y ← f(A), written into the existing Y; returns Y. The same bits as {@code f(a.plusRow(b))}; the library's
     * activations do it with SIMD kernels, this default with two passes.
     */
    default Matrix addBiasThenApply(Matrix a, Matrix b, Matrix y) {
        if (b != null) a.setTo(a.plusRow(b));
        return y.setTo(f(a));
    }

    /**
     * Δ ← G ⊙ f′(A), written into the existing Δ, from the pre-activation A and the output Y = f(A) (see
     * {@link #df(Matrix, Matrix)}); returns Δ. The same bits as {@code g.hadamard(df(a, y))}, in one pass for the
     * library's activations.
     */
    default Matrix deltaInto(Matrix g, Matrix a, Matrix y, Matrix delta) { return delta.setTo(g.hadamard(df(a, y))); }

    /** An activation from two functions, e.g. {@code Activation.of("softplus", a -> Math.log1p(Math.exp(a)), Activations::sigmoid)}. */
    static Activation of(String name, java.util.function.DoubleUnaryOperator f, java.util.function.DoubleUnaryOperator df) {
        return new Activation() {
            @Override public double f(double a) { return f.applyAsDouble(a); }
            @Override public double df(double a) { return df.applyAsDouble(a); }
            @Override public String name() { return name; }
            @Override public String toString() { return name; }
        };
    }
}
