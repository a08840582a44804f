package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import java.util.List;

/**
 * The L2 penalty ("weight decay as a loss term") on the weights of every layer:
 * <pre>
 *   R(θ) = (λ/2) Σ_l ‖W_l‖²  (the sum of the squares of every weight),   ∂R/∂W_l = λ W_l,   ∂R/∂b_l = 0
 * </pre>
 * Training minimises J + R. The biases are not penalised: they shift a neuron's input, they do not scale it, and
 * shrinking them does not make the function smoother (Goodfellow et al., <i>Deep Learning</i>, §7.1). Which parameters
 * count as weights is decided in one place, {@link #appliesTo}, which the decoupled decay of AdamW uses too.
 *
 * @param lambda λ ≥ 0, finite
 */
public record L2Penalty(double lambda) {
    public L2Penalty {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("L2Penalty: the weight decay λ must be a finite number ≥ 0, got " + lambda);
        }
    }

    /** Whether the penalty applies to a parameter: the weights W of a layer, not its bias b. */
    public static boolean appliesTo(Parameter p) { return p.name().equals("W"); }

    /** R = (λ/2) Σ ‖W‖² over the weights among {@code params}. */
    public double value(List<Parameter> params) {
        double sum = 0;
        for (Parameter p : params) if (appliesTo(p)) sum += p.value().hadamard(p.value()).sum();
        return lambda / 2 * sum;
    }

    /** R for every weight of {@code net}. */
    public double value(Network net) { return value(net.parameters()); }

    /** ∂R/∂θ: λ W for a weight matrix, 0 for a bias. */
    public Matrix gradient(Parameter p) {
        return appliesTo(p) ? p.value().scale(lambda) : Matrix.zeros(p.value().rows(), p.value().cols());
    }

    /** Adds ∂R/∂W = λ W to the stored gradient of every weight, so that it becomes ∂(J + R)/∂W. */
    public void addGradient(List<Parameter> params) {
        for (Parameter p : params) if (appliesTo(p)) p.addToGrad(p.value(), lambda);
    }

    @Override public String toString() { return "L2(λ=" + lambda + ")"; }
}
