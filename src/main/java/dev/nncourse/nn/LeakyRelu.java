package dev.nncourse.nn;

/**
 * Leaky ReLU with slope α on the negative side: f(a) = a for a &gt; 0 and α·a otherwise, f′(a) = 1 for a &gt; 0 and α
 * otherwise (the kink at 0 takes the left derivative, as {@link Activations#RELU} does). Unlike ReLU, a neuron whose
 * pre-activations are all negative still passes the gradient α·G back, so it can recover instead of dying.
 *
 * @param slope α, in (0, 1): 0 would be ReLU and 1 the identity
 */
public record LeakyRelu(double slope) implements Activation {
    public LeakyRelu {
        if (!(slope > 0 && slope < 1)) {
            throw new IllegalArgumentException("LeakyRelu: the slope α must be a number in (0, 1) such as 0.01, got "
                    + slope + " (α = 0 is RELU, α = 1 the identity)");
        }
    }

    /** f(a) = max(a, α a). */
    @Override public double f(double a) { return a > 0 ? a : slope * a; }

    /** f′(a) = 1 for a &gt; 0, α otherwise. */
    @Override public double df(double a) { return a > 0 ? 1 : slope; }

    /** {@code leaky-relu(α)}, e.g. {@code leaky-relu(0.01)}. */
    @Override public String name() { return "leaky-relu(" + slope + ")"; }

    @Override public String toString() { return name(); }
}
