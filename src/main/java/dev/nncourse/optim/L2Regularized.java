package dev.nncourse.optim;

import dev.nncourse.linalg.Require;
import dev.nncourse.nn.L2Penalty;
import dev.nncourse.nn.Parameter;
import java.util.List;
import java.util.Map;

/**
 * Any optimizer minimising J + R, with the L2 penalty R = (λ/2) Σ ‖W‖² of {@link L2Penalty} added to the loss: before
 * each step, the gradient of every weight becomes g + λ W (added to the parameter's stored gradient), and the wrapped
 * optimizer steps with that.
 * <pre>
 *   with SGD:   W ← W − η (g + λ W) = (1 − η λ) W − η g         the same as decoupled decay
 *   with Adam:  m and v are built from g + λ W, so λ W is divided by √v̂ too    unlike {@link AdamW}
 * </pre>
 * The trainer's recorded loss is J alone; {@link L2Penalty#value} gives R.
 */
public final class L2Regularized implements Optimizer {
    private final Optimizer inner;
    private final L2Penalty penalty;

    /** {@code optimizer} minimising J + (λ/2) Σ ‖W‖²: {@code new L2Regularized(new Adam(net.parameters(), 0.01), 1e-4)}. */
    public L2Regularized(Optimizer optimizer, double lambda) {
        this.inner = Require.given("L2Regularized", "an optimizer to wrap", optimizer);
        this.penalty = new L2Penalty(lambda);
    }

    /** g ← g + λ W for every weight, then the wrapped optimizer's step. */
    @Override
    public void step(int batchSize) {
        penalty.addGradient(inner.parameters());
        inner.step(batchSize);
    }

    @Override public List<Parameter> parameters() { return inner.parameters(); }

    @Override public void endEpoch() { inner.endEpoch(); }

    @Override public void abandonEpoch() { inner.abandonEpoch(); }

    @Override public void setLearningRate(double learningRate) { inner.setLearningRate(learningRate); }

    /** Kind {@code "l2"}, the setting λ, and the wrapped optimizer's state inside. */
    @Override
    public OptimizerState state() {
        return new OptimizerState("l2", Map.of("lambda", penalty.lambda()), Map.of(), Map.of(), inner.state());
    }

    @Override
    public void restore(OptimizerState state) {
        Require.given("l2.restore", "a state", state);
        if (!state.kind().equals("l2") || !state.settings().equals(Map.of("lambda", penalty.lambda())) || state.inner() == null) {
            throw new IllegalArgumentException("l2.restore: the state is of " + state.describe() + ", expected one of " + name());
        }
        inner.restore(state.inner());
    }

    /** The wrapped optimizer. */
    public Optimizer optimizer() { return inner; }

    /** The penalty R, with its λ. */
    public L2Penalty penalty() { return penalty; }

    @Override public String name() { return inner.name() + " + " + penalty; }

    @Override public String toString() { return name(); }
}
