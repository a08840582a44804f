package dev.nncourse.optim;

import dev.nncourse.linalg.Require;

/**
 * A learning rate that changes with the step: η_t for t = 1, 2, … (source 002 says the rate "can be a variable
 * quantity"). {@code Trainer.schedule} sets the optimizer's rate to η_t before step t.
 */
@FunctionalInterface
public interface Schedule {
    /** η_t, the learning rate of step t ≥ 1. */
    double rate(long t);

    /** η_t = η. */
    static Schedule constant(double eta) {
        Require.learningRate("Schedule.constant", eta);
        return t -> eta;
    }

    /** Step decay: η_t = η₀ · γ^⌊(t − 1)/k⌋, the rate multiplied by γ every k steps. */
    static Schedule step(double eta0, double gamma, long every) {
        Require.learningRate("Schedule.step", eta0);
        Require.that(gamma > 0 && gamma <= 1, "Schedule.step", "the factor γ", "in (0, 1]", gamma);
        Require.positiveCount("Schedule.step", "the steps between decays", every);
        return t -> eta0 * Math.pow(gamma, (t - 1) / every);
    }

    /**
     * Cosine annealing over T steps: η_t = η_min + ½ (η₀ − η_min)(1 + cos(π (t − 1)/T)) for t ≤ T, then η_min. It
     * starts at η₀, falls slowest at both ends, and reaches η_min after T steps.
     */
    static Schedule cosine(double eta0, double etaMin, long total) {
        Require.learningRate("Schedule.cosine", eta0);
        Require.that(etaMin > 0 && etaMin <= eta0, "Schedule.cosine", "η_min", "in (0, η₀]", etaMin);
        Require.positiveCount("Schedule.cosine", "the number of steps T", total);
        return t -> t > total ? etaMin : etaMin + 0.5 * (eta0 - etaMin) * (1 + Math.cos(Math.PI * (t - 1) / total));
    }

    /** Linear warm-up over w steps: η_t = (t/w) · after(t) for t ≤ w, then after(t). */
    static Schedule warmup(long steps, Schedule after) {
        Require.positiveCount("Schedule.warmup", "the warm-up steps", steps);
        Require.given("Schedule.warmup", "the schedule after the warm-up", after);
        return t -> t <= steps ? after.rate(t) * t / steps : after.rate(t);
    }
}
