package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.List;
import java.util.Map;

/**
 * Full-batch gradient descent: one update per epoch, θ ← θ − η ḡ, where ḡ is the gradient averaged over all samples.
 *
 * <p>Instead of storing every minibatch gradient (source 000's {@code dw_list}), it keeps only the number of samples
 * seen, c, and the current mean ḡ, and folds in a minibatch of size m with mean gradient g as
 * ḡ ← ḡ + (m / (c + m)) (g − ḡ), c ← c + m: the memory-efficient variant source 000 describes. Weighting by m makes
 * ḡ the exact full-batch gradient even when the last minibatch is smaller.
 */
public final class GradientDescent extends AbstractOptimizer {
    private final List<Matrix> mean;   // ḡ of each parameter, this epoch so far
    private long count;                 // c, the samples folded into ḡ
    private double weight;              // m / (c + m) of the step under way

    /** Gradient descent with learning rate η for these parameters. */
    public GradientDescent(List<Parameter> parameters, double learningRate) {
        super("gd", parameters, learningRate);
        this.mean = slot("mean", false);
    }

    /** The weight m / (c + m) of this minibatch, then c ← c + m. */
    @Override
    protected void beginStep(int batchSize) {
        weight = (double) batchSize / (count + batchSize);
        count += batchSize;
    }

    /** ḡ ← ḡ + (m / (c + m)) (g − ḡ). */
    @Override
    protected void update(int i, Parameter p) {
        Matrix g = mean.get(i);
        g.addScaledInPlace(p.grad().minus(g), weight);
    }

    /** θ ← θ − η ḡ for every parameter, then forget ḡ and c. */
    @Override
    public void endEpoch() {
        for (int i = 0; i < mean.size(); i++) parameters().get(i).value().addScaledInPlace(mean.get(i), -learningRate());
        abandonEpoch();
    }

    /** Forgets ḡ and c: the next minibatch starts a new epoch. */
    @Override
    public void abandonEpoch() {
        for (Matrix g : mean) g.clear();
        count = 0;
    }

    /** A copy of the running mean gradient ḡ of parameter number i so far this epoch (zero before the first step). */
    public Matrix meanGradient(int i) { return mean.get(i).copy(); }

    /** The number of samples c folded into the running means so far this epoch. */
    public long count() { return count; }

    /** The state's one counter is c; the step count t is not part of it, since ḡ's update does not use it. */
    @Override
    protected Map<String, Long> counters() { return Map.of("c", count); }

    @Override
    protected void restoreCounters(Map<String, Long> counters) { count = counters.get("c"); }
}
