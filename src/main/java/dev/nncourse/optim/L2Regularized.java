package dev.nncourse.optim;

import dev.nncourse.nn.L2Penalty;
import dev.nncourse.nn.Parameter;
import java.util.List;

/**
 * Any optimizer minimising J + R, with the L2 penalty R = (λ/2) Σ ‖W‖² of {@link L2Penalty} added to the loss: after
 * each backward pass, the gradient of every weight becomes g + λ W (written into the parameter's stored gradient),
 * and the wrapped optimizer steps with that.
 * <pre>
 *   with SGD:   W ← W − ε (g + λ W) = (1 − ε λ) W − ε g         the same as decoupled decay
 *   with Adam:  m and v are built from g + λ W, so λ W is divided by √v̂ too    unlike {@link AdamW}
 * </pre>
 * The trainer's recorded loss is J alone; {@link L2Penalty#value} gives R.
 */
public final class L2Regularized implements Optimizer {
    private final Optimizer inner;
    private final L2Penalty penalty;

    /** {@code optimizer} minimising J + (λ/2) Σ ‖W‖². */
    public L2Regularized(Optimizer optimizer, double lambda) {
        if (optimizer == null) throw new IllegalArgumentException("L2Regularized: expected an optimizer to wrap, got null");
        this.inner = optimizer;
        this.penalty = new L2Penalty(lambda);
    }

    /** g ← g + λ W for every weight, then the wrapped optimizer's step. */
    @Override
    public void afterBatch(List<Parameter> params, int batchSize) {
        penalty.addGradient(params);
        inner.afterBatch(params, batchSize);
    }

    @Override public void afterEpoch(List<Parameter> params) { inner.afterEpoch(params); }

    @Override public void reset() { inner.reset(); }

    /** The wrapped optimizer's snapshot (the penalty has no state). */
    @Override public Runnable snapshot() { return inner.snapshot(); }

    @Override public boolean belongsTo(List<Parameter> params) { return inner.belongsTo(params); }

    /** The wrapped optimizer. */
    public Optimizer optimizer() { return inner; }

    /** The penalty R, with its λ. */
    public L2Penalty penalty() { return penalty; }

    @Override public String name() { return inner.name() + " + " + penalty; }

    @Override public String toString() { return name(); }
}
