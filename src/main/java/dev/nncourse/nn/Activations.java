package dev.nncourse.nn;

import dev.nncourse.linalg.Kernels;
import dev.nncourse.linalg.Matrix;
import java.util.List;
import java.util.stream.Collectors;

/** The activations of the source documents, each with its derivative. */
public final class Activations {
    private Activations() {}

    /** f(a) = a, f′(a) = 1: a linear output layer. */
    public static final Activation IDENTITY = new Activation() {
        @Override public double f(double a) { return a; }
        @Override public double df(double a) { return 1; }
        @Override public Matrix addBiasThenApply(Matrix a, Matrix b, Matrix y) {
            Kernels.addRow(a, b, y);   // Y = A + 1·b
            return y;
        }
        @Override public Matrix deltaInto(Matrix g, Matrix a, Matrix y, Matrix delta) { return delta.setTo(g); }   // G·1 = G
        @Override public String name() { return "identity"; }
        @Override public String toString() { return "identity"; }
    };

    /** f(a) = tanh a, f′(a) = 1 − tanh² a (source 001's {@code tanh}, {@code d_tanh}). */
    public static final Activation TANH = Activation.of("tanh", Math::tanh, a -> {
        double t = Math.tanh(a);
        return 1 - t * t;
    });

    /** f(a) = max(0, a), f′(a) = 1 for a &gt; 0 and 0 otherwise (the kink at 0 takes the left derivative). */
    public static final Activation RELU = new Activation() {
        @Override public double f(double a) { return Math.max(0, a); }
        @Override public double df(double a) { return a > 0 ? 1 : 0; }
        // Whole matrices in plain loops, the same bits as f(double) and df(double) entry by entry, which the JIT
        // compiles into SIMD code (Activation's default, a.map(this::f), calls f once per entry).
        @Override public Matrix f(Matrix a) {
            double[] y = a.toFlatArray();
            for (int k = 0; k < y.length; k++) y[k] = Math.max(0, y[k]);
            return Matrix.wrap(a.rows(), a.cols(), y);
        }
        @Override public Matrix df(Matrix a) {
            double[] d = a.toFlatArray();
            for (int k = 0; k < d.length; k++) d[k] = d[k] > 0 ? 1 : 0;
            return Matrix.wrap(a.rows(), a.cols(), d);
        }
        @Override public Matrix addBiasThenApply(Matrix a, Matrix b, Matrix y) {
            Kernels.addRowRelu(a, b, y);   // A ← A + 1·b, Y = max(0, A), in one SIMD pass
            return y;
        }
        @Override public Matrix deltaInto(Matrix g, Matrix a, Matrix y, Matrix delta) {
            return Kernels.reluDelta(g, a, delta);   // Δ = G ⊙ [A > 0], without a branch per entry
        }
        @Override public String name() { return "relu"; }
        @Override public String toString() { return "relu"; }
    };

    /** f(a) = σ(a) = 1 / (1 + e^(−a)), f′(a) = σ(a)(1 − σ(a)), computed without overflow (source 002's {@code stable_sigmoid}). */
    public static final Activation SIGMOID = new Activation() {
        @Override public double f(double a) { return sigmoid(a); }
        @Override public double df(double a) {
            double s = sigmoid(a);
            return s * (1 - s);
        }
        // Whole matrices go through Kernels.logistic (SIMD): the same formula with the library's own e^x, so an entry
        // may differ from f(double), which uses Math.exp, in the last bit or two. Training and checks use these.
        @Override public Matrix f(Matrix a) { return Kernels.logistic(a); }
        @Override public Matrix df(Matrix a) { return df(a, Kernels.logistic(a)); }
        @Override public Matrix df(Matrix a, Matrix y) {   // y = σ(a), the same bits as Kernels.logistic(a)
            double[] d = new double[y.size()];
            for (int k = 0; k < d.length; k++) d[k] = y.at(k) * (1 - y.at(k));
            return Matrix.wrap(y.rows(), y.cols(), d);
        }
        @Override public Matrix addBiasThenApply(Matrix a, Matrix b, Matrix y) {
            Kernels.addRow(a, b, a);
            return Kernels.logistic(a, y);
        }
        @Override public Matrix deltaInto(Matrix g, Matrix a, Matrix y, Matrix delta) {
            return Kernels.logisticDelta(g, y, delta);   // Δ = G ⊙ (Y ⊙ (1 − Y))
        }
        @Override public String name() { return "sigmoid"; }
        @Override public String toString() { return "sigmoid"; }
    };

    /** Leaky ReLU with slope α = 0.01: f(a) = a for a &gt; 0 and 0.01·a otherwise (other slopes: {@code new LeakyRelu(α)}). */
    public static final Activation LEAKY_RELU = new LeakyRelu(0.01);

    /** The four activations of the source documents, for tests and tables (leaky ReLU is not one of them). */
    public static final List<Activation> ALL = List.of(IDENTITY, TANH, RELU, SIGMOID);

    /**
     * The activation called {@code name} (identity, tanh, relu or sigmoid), as source 001's {@code Layer(2, 3, 'tanh')}
     * picks it by name. An unknown name is an error that names any non-ASCII characters in it, such as the
     * typographic quotes of {@code ‘tanh’}.
     */
    public static Activation named(String name) {
        String expected = "; expected one of " + ALL.stream().map(Activation::name).collect(Collectors.joining(", "));
        if (name == null) throw new IllegalArgumentException("activation name is null" + expected);
        for (Activation f : ALL) if (f.name().equals(name)) return f;
        String odd = name.codePoints().filter(c -> c > 127).distinct()
                .mapToObj(c -> String.format("U+%04X '%s'", c, Character.toString(c))).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown activation \"" + name + "\"" + (odd.isEmpty() ? "" : " (contains " + odd + ")") + expected);
    }

    /**
     * σ(a) = 1 / (1 + e^(−a)) without overflow: for a ≥ 0 use 1 / (1 + e^(−a)); for a &lt; 0 use e^a / (1 + e^a),
     * so the exponent is never positive and e^(…) never overflows to ∞.
     */
    public static double sigmoid(double a) {
        if (a >= 0) return 1 / (1 + Math.exp(-a));
        double e = Math.exp(a);
        return e / (1 + e);
    }

    /** The textbook form 1 / (1 + e^(−a)) exactly as source 001 writes it, kept to show where it goes wrong. */
    public static double naiveSigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }
}
