package dev.nncourse.train;

import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.OptimizerState;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * How the trainer's tests watch a run: an optimizer (a learner's own, implementing the interface) that delegates to
 * another and, after each of its steps, counts it and calls {@code afterStep} with the count.
 */
final class Watched implements Optimizer {
    final Optimizer inner;
    private final IntConsumer afterStep;
    volatile int steps;

    Watched(Optimizer inner, IntConsumer afterStep) {
        this.inner = inner;
        this.afterStep = afterStep;
    }

    /** Interrupts its own thread after step {@code stopAfter}, as a stop button pressed during that step would. */
    static Watched interruptingAfter(Optimizer inner, int stopAfter) {
        return new Watched(inner, step -> {
            if (step == stopAfter) Thread.currentThread().interrupt();
        });
    }

    @Override public void step(int batchSize) {
        inner.step(batchSize);
        afterStep.accept(++steps);
    }

    @Override public List<Parameter> parameters() { return inner.parameters(); }

    @Override public void endEpoch() { inner.endEpoch(); }

    @Override public void abandonEpoch() { inner.abandonEpoch(); }

    @Override public OptimizerState state() { return inner.state(); }

    @Override public void restore(OptimizerState state) { inner.restore(state); }

    @Override public String name() { return inner.name(); }
}
