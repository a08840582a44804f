package dev.nncourse.autograd;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import dev.nncourse.nn.Activation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reverse-mode automatic differentiation on matrices, in the spirit of micrograd: a Var holds a value, the Vars it was
 * computed from, and a rule that sends a gradient back to them. Each operation below is its forward formula and its
 * backward rule side by side: for an output C of an operation and an upstream gradient Ḡ = ∂out/∂C,
 * <pre>
 *   C = A·B        Ā += Ḡ·Bᵀ,  B̄ += Aᵀ·Ḡ          (the product rule for matrices)
 *   C = A + B      Ā += Ḡ,     B̄ += Ḡ
 *   C = A + 1·b    Ā += Ḡ,     b̄ += Σ_i Ḡ_i        (a row broadcast to every row: its gradient sums the rows)
 *   C = A ⊙ B      Ā += Ḡ ⊙ B, B̄ += Ḡ ⊙ A
 *   C = f(A)       Ā += Ḡ ⊙ f′(A)                  (entry by entry)
 *   c = Σ_ij A_ij  Ā += ḡ · 1                       (1×1 c: every entry gets the same gradient)
 * </pre>
 * {@link #backward} seeds ∂out/∂out = 1 at a 1×1 output and applies the rules in reverse topological order, so every
 * Var's gradient is complete (summed over all its uses) before it is passed on. {@code Dense}'s backward pass and the
 * gradient p − y of softmax cross-entropy are special cases of these rules (notebook 15 derives both).
 */
public final class Var {
    private final Matrix value;
    private final List<Var> parents;
    private final Consumer<Matrix> rule;   // given ∂out/∂this, adds to the parents' gradients
    private final String op;
    private Matrix grad;

    private Var(Matrix value, String op, List<Var> parents, Consumer<Matrix> rule) {
        this.value = value;
        this.op = op;
        this.parents = parents;
        this.rule = rule;
    }

    /** A leaf: an input or a parameter, whose gradient {@link #backward} fills in. */
    public static Var of(Matrix value) {
        return new Var(Require.given("Var.of", "a matrix", value).copy(), "leaf", List.of(), g -> {});
    }

    private Var derived(Matrix value, String op, List<Var> parents, Consumer<Matrix> rule) {
        return new Var(value, op, parents, rule);
    }

    /** C = A·B;  Ā += Ḡ·Bᵀ, B̄ += Aᵀ·Ḡ. */
    public Var mult(Var b) {
        Var a = this;
        return derived(a.value.mult(given("mult", b).value), "mult", List.of(a, b), g -> {
            a.accumulate(g.multTranspose(b.value));
            b.accumulate(a.value.transposeMult(g));
        });
    }

    /** C = A + B;  Ā += Ḡ, B̄ += Ḡ. */
    public Var plus(Var b) {
        Var a = this;
        return derived(a.value.plus(given("plus", b).value), "plus", List.of(a, b), g -> {
            a.accumulate(g);
            b.accumulate(g);
        });
    }

    /** C = A − B;  Ā += Ḡ, B̄ −= Ḡ. */
    public Var minus(Var b) { return plus(given("minus", b).scale(-1)); }

    /** C = A + 1·b for a row b (1×c): the bias broadcast;  Ā += Ḡ, b̄ += Σ_i Ḡ_i. */
    public Var plusRow(Var b) {
        Var a = this;
        return derived(a.value.plusRow(given("plusRow", b).value), "plusRow", List.of(a, b), g -> {
            a.accumulate(g);
            b.accumulate(g.columnSums());
        });
    }

    /** C = A − c·1ᵀ for a column c (r×1), subtracted from every column;  Ā += Ḡ, c̄ −= Σ_j Ḡ_·j. */
    public Var minusColumn(Var c) {
        Var a = this;
        return derived(a.value.plusColumn(given("minusColumn", c).value.scale(-1)), "minusColumn", List.of(a, c), g -> {
            a.accumulate(g);
            c.accumulate(g.rowSums().scale(-1));
        });
    }

    /** C = A ⊙ B;  Ā += Ḡ ⊙ B, B̄ += Ḡ ⊙ A. */
    public Var hadamard(Var b) {
        Var a = this;
        return derived(a.value.hadamard(given("hadamard", b).value), "hadamard", List.of(a, b), g -> {
            a.accumulate(g.hadamard(b.value));
            b.accumulate(g.hadamard(a.value));
        });
    }

    /** C = s·A;  Ā += s·Ḡ. */
    public Var scale(double s) {
        Var a = this;
        return derived(a.value.scale(s), "scale", List.of(a), g -> a.accumulate(g.scale(s)));
    }

    /** C = f(A) entry by entry;  Ā += Ḡ ⊙ f′(A). */
    public Var apply(Activation f) {
        Var a = this;
        Require.given("apply", "an activation", f);
        Matrix y = f.f(a.value);
        return derived(y, f.name(), List.of(a), g -> a.accumulate(g.hadamard(f.df(a.value, y))));
    }

    /** C = e^A entry by entry;  Ā += Ḡ ⊙ e^A. */
    public Var exp() {
        Var a = this;
        Matrix y = a.value.map(Math::exp);
        return derived(y, "exp", List.of(a), g -> a.accumulate(g.hadamard(y)));
    }

    /** C = log A entry by entry;  Ā += Ḡ ⊙ (1/A). */
    public Var log() {
        Var a = this;
        return derived(a.value.map(Math::log), "log", List.of(a), g -> a.accumulate(g.zip(a.value, (gi, ai) -> gi / ai)));
    }

    /** The r×1 column of row sums c_i = Σ_j A_ij;  Ā_ij += c̄_i. */
    public Var rowSums() {
        Var a = this;
        return derived(a.value.rowSums(), "rowSums", List.of(a), g -> {
            Matrix spread = Matrix.zeros(a.value.rows(), a.value.cols());
            for (int i = 0; i < spread.rows(); i++) for (int j = 0; j < spread.cols(); j++) spread.set(i, j, g.get(i, 0));
            a.accumulate(spread);
        });
    }

    /** c = Σ_ij A_ij, a 1×1 Var;  Ā += c̄ · 1. */
    public Var sum() {
        Var a = this;
        return derived(Matrix.filled(1, 1, a.value.sum()), "sum", List.of(a),
                g -> a.accumulate(Matrix.filled(a.value.rows(), a.value.cols(), g.at(0))));
    }

    /** c = (1/rc) Σ_ij A_ij, the mean of the entries. */
    public Var mean() { return sum().scale(1.0 / value.size()); }

    /**
     * Backpropagation from this 1×1 Var: ∂out/∂out = 1, then every rule in reverse topological order, each Var's
     * gradient complete before it is passed on. Gradients of an earlier call are cleared first.
     */
    public void backward() {
        if (value.rows() != 1 || value.cols() != 1) {
            throw new IllegalStateException("Var.backward: the output must be a 1×1 scalar such as a loss, got a "
                    + value.shape() + " " + op + "; reduce it first, e.g. with sum() or mean()");
        }
        List<Var> order = topological();
        for (Var v : order) v.grad = null;
        grad = Matrix.filled(1, 1, 1);
        for (int k = order.size() - 1; k >= 0; k--) {
            Var v = order.get(k);
            if (v.grad != null) v.rule.accept(v.grad);
        }
    }

    /** Every Var this one depends on, itself last, each after all the Vars it was computed from. */
    private List<Var> topological() {
        List<Var> order = new ArrayList<>();
        Set<Var> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object[]> stack = new ArrayList<>();   // depth-first without recursion: {var, next parent index}
        stack.add(new Object[] {this, 0});
        seen.add(this);
        while (!stack.isEmpty()) {
            Object[] top = stack.get(stack.size() - 1);
            Var v = (Var) top[0];
            int next = (int) top[1];
            if (next < v.parents.size()) {
                top[1] = next + 1;
                Var p = v.parents.get(next);
                if (seen.add(p)) stack.add(new Object[] {p, 0});
            } else {
                order.add(v);
                stack.remove(stack.size() - 1);
            }
        }
        return order;
    }

    private void accumulate(Matrix g) {
        if (grad == null) grad = g.copy();
        else grad = grad.plus(g);
    }

    private static Var given(String op, Var v) { return Require.given("Var." + op, "a Var", v); }

    /** The value, computed when this Var was made. */
    public Matrix value() { return value; }

    /** ∂out/∂this from the last {@link #backward}, summed over every use; zero if the output does not depend on it. */
    public Matrix grad() { return grad == null ? Matrix.zeros(value.rows(), value.cols()) : grad; }

    @Override
    public String toString() { return "Var(" + op + ", " + value.shape() + ")"; }
}
