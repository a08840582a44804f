package dev.nncourse.optim;

import dev.nncourse.linalg.Require;
import dev.nncourse.nn.L2Penalty;
import dev.nncourse.nn.Parameter;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter, 2019): {@link Adam} with weight decay decoupled from the gradient. Each step first
 * shrinks every weight matrix W, then takes Adam's step:
 * <pre>
 *   W ← (1 − η λ) W                  (weights only, as {@link L2Penalty#appliesTo}; biases are not decayed)
 *   θ ← θ − η m̂ / (√v̂ + ε)           (Adam, with m and v built from g = ∂J/∂θ alone)
 * </pre>
 * Compare the L2 penalty in the loss ({@link L2Regularized}): there λW is added to g, so it goes through m and v and
 * is divided by √v̂, and weights whose gradients are large are decayed less. Here every weight shrinks by the same
 * factor 1 − ηλ per step. For plain SGD the two are the same update; for Adam they are not.
 */
public final class AdamW extends Adam {
    private final double lambda;

    /** AdamW with learning rate η, weight decay λ, and the usual β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public AdamW(List<Parameter> parameters, double learningRate, double weightDecay) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8, weightDecay);
    }

    /** AdamW with learning rate η, β1 and β2 in [0, 1), ε &gt; 0, and weight decay λ ≥ 0 with η λ &lt; 1. */
    public AdamW(List<Parameter> parameters, double learningRate, double beta1, double beta2, double eps,
                 double weightDecay) {
        super("adamw", parameters, learningRate, beta1, beta2, eps);
        this.lambda = setting("weightDecay", Require.nonNegative("adamw", "the weight decay λ", weightDecay));
        if (!(learningRate * weightDecay < 1)) {
            throw new IllegalArgumentException("adamw: η λ = " + learningRate + " × " + weightDecay + " = "
                    + learningRate * weightDecay + " must be below 1, or the factor 1 − η λ would flip or zero the weights");
        }
    }

    @Override
    protected void update(int i, Parameter p) {
        if (L2Penalty.appliesTo(p)) p.value().scaleInPlace(1 - learningRate() * lambda);   // W ← (1 − η λ) W
        super.update(i, p);
    }

    /** The weight decay λ. */
    public double weightDecay() { return lambda; }
}
