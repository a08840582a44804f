package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Full-batch gradient descent: one update per epoch, θ ← θ − ε ḡ, where ḡ is the gradient averaged over all samples.
 *
 * <p>Instead of storing every minibatch gradient (source 000's {@code dw_list}), it keeps only the number of samples
 * seen, c, and the current mean ḡ, and folds in a minibatch of size m with mean gradient g as
 * ḡ ← ḡ + (m / (c + m)) (g − ḡ), c ← c + m: the memory-efficient variant source 000 describes. Weighting by m makes
 * ḡ the exact full-batch gradient even when the last minibatch is smaller.
 *
 * <p>ḡ and c belong to one network: the optimizer binds to the parameters it is first used with and refuses another
 * network's ({@link ParameterBinding}). Create one per network.
 */
public final class GradientDescent implements Optimizer {
    private final double lr;
    private final Map<Parameter, Matrix> mean = new IdentityHashMap<>();
    private final ParameterBinding binding = new ParameterBinding();
    private long count;

    /** Gradient descent with learning rate ε. */
    public GradientDescent(double learningRate) { this.lr = Optimizer.requireLearningRate(learningRate); }

    /** ḡ ← ḡ + (m / (c + m)) (g − ḡ), c ← c + m, for every parameter. */
    @Override
    public void afterBatch(List<Parameter> params, int batchSize) {
        binding.check(this, params, mean.keySet());
        double weight = (double) batchSize / (count + batchSize);
        for (Parameter p : params) {
            Matrix g = mean.computeIfAbsent(p, q -> Matrix.zeros(q.value().rows(), q.value().cols()));
            g.addScaledInPlace(p.grad().minus(g), weight);
        }
        count += batchSize;
    }

    /** θ ← θ − ε ḡ, then forget ḡ and c. */
    @Override
    public void afterEpoch(List<Parameter> params) {
        binding.check(this, params, mean.keySet());
        for (Parameter p : params) {
            Matrix g = mean.get(p);
            if (g != null) p.value().addScaledInPlace(g, -lr);
        }
        reset();
    }

    /** Forgets ḡ and c: the next minibatch starts a new epoch. */
    @Override
    public void reset() {
        mean.clear();
        count = 0;
    }

    /**
     * Resumes an epoch in progress (as {@code dev.nncourse.io} loads it): c samples seen so far and the running mean
     * ḡ of each parameter, which must have the parameter's shape.
     */
    public void resume(Map<Parameter, Matrix> means, long count) {
        if (count < 0) throw new IllegalArgumentException("GradientDescent.resume: sample count must be ≥ 0, got " + count);
        means.forEach((p, g) -> p.value().requireSameShape("GradientDescent.resume: mean gradient of " + p.name(), g));
        binding.checkHeld(this, means.keySet());
        reset();
        means.forEach((p, g) -> mean.put(p, g.copy()));
        this.count = count;
    }

    /** Copies ḡ and c (empty at the end of an epoch); the action puts them back. */
    @Override
    public Runnable snapshot() {
        long c = count;
        Map<Parameter, Matrix> saved = new IdentityHashMap<>();
        mean.forEach((p, g) -> saved.put(p, g.copy()));
        return () -> {
            reset();
            saved.forEach((p, g) -> mean.put(p, g.copy()));
            count = c;
        };
    }

    @Override
    public boolean belongsTo(List<Parameter> params) { return binding.accepts(params, mean.keySet()); }

    /** The running mean gradient ḡ of a parameter so far this epoch, or null before its first minibatch. */
    public Matrix meanGradient(Parameter p) { return mean.get(p); }

    /** The number of samples c folded into the running means so far this epoch. */
    public long count() { return count; }

    public double learningRate() { return lr; }

    @Override public String name() { return "gd(lr=" + lr + ")"; }

    @Override public String toString() { return name(); }
}
