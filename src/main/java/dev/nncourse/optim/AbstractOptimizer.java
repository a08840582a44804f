package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import dev.nncourse.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the library's optimizers share: the parameters they were made with, a learning rate η, a step count t, named
 * state matrices ("slots", one per parameter, zero at first: a velocity, or moments m and v) and the
 * {@link OptimizerState} model that reads and restores all of it. A subclass declares its settings and slots in its
 * constructor and writes only its update equation, in {@link #update}.
 *
 * <p><b>One loop at a time.</b> A step that starts while another thread is in a step of the same optimizer is refused
 * with {@link IllegalStateException}, before it changes anything; the step under way finishes as if alone.
 */
public abstract class AbstractOptimizer implements Optimizer {
    private final String kind;
    private final List<Parameter> parameters;
    private final Map<String, Double> settings = new LinkedHashMap<>();
    private final Map<String, List<Matrix>> slots = new LinkedHashMap<>();
    private final Set<String> nonNegative = new java.util.HashSet<>();
    private final AtomicReference<Thread> stepping = new AtomicReference<>();
    private long t;

    /** An optimizer called {@code kind} (such as {@code "adam"}) for these parameters, with learning rate η. */
    protected AbstractOptimizer(String kind, List<Parameter> parameters, double learningRate) {
        this.kind = kind;
        this.parameters = requireParameters(kind, parameters);
        setting("lr", Require.learningRate(kind, learningRate));
    }

    /** Throws unless the list is given, not empty, and holds each parameter once; returns an unmodifiable copy. */
    private static List<Parameter> requireParameters(String kind, List<Parameter> parameters) {
        Require.given(kind, "the parameters to update (such as net.parameters())", parameters);
        Require.that(!parameters.isEmpty(), kind, "the list of parameters", "not empty", "[]");
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Parameter p : parameters) {
            Require.given(kind, "a parameter in every place of the list", p);
            Require.that(seen.add(p), kind, "the list of parameters", "free of repeats", "parameter " + p + " twice");
        }
        return List.copyOf(parameters);
    }

    /** Records a setting (a hyperparameter) under {@code name}, for the state and the name; returns its value. */
    protected final double setting(String name, double value) {
        settings.put(name, value);
        return value;
    }

    /**
     * A new slot named {@code name}: one zero matrix per parameter, of its shape, in the parameters' order. A slot
     * that holds a running mean of g² is {@code nonNegative}: a restored state with a negative entry there is refused.
     */
    protected final List<Matrix> slot(String name, boolean nonNegative) {
        List<Matrix> values = new ArrayList<>();
        for (Parameter p : parameters) values.add(Matrix.zeros(p.value().rows(), p.value().cols()));
        slots.put(name, Collections.unmodifiableList(values));
        if (nonNegative) this.nonNegative.add(name);
        return slots.get(name);
    }

    /** t ← t + 1, then {@link #update} of every parameter in turn, with its gradient and its slots. */
    @Override
    public final void step(int batchSize) {
        if (batchSize < 1) Require.positiveCount(kind + ".step", "the batch size", batchSize);   // no string otherwise
        Thread me = Thread.currentThread();
        if (!stepping.compareAndSet(null, me)) {
            throw new IllegalStateException(name() + ": a step was started by " + me.getName() + " while "
                    + stepping.get().getName() + " is in a step of the same optimizer; one optimizer serves one "
                    + "training loop at a time. Make one optimizer per loop");
        }
        try {
            t++;
            beginStep(batchSize);
            for (int i = 0; i < parameters.size(); i++) update(i, parameters.get(i));
        } finally {
            stepping.set(null);
        }
    }

    /** Called at the start of every step, after t has grown, with the minibatch's size; nothing by default. */
    protected void beginStep(int batchSize) {}

    /** One step for parameter number i, θ = {@code p.value()}, in place, from its gradient {@code p.grad()}. */
    protected abstract void update(int i, Parameter p);

    @Override
    public final List<Parameter> parameters() { return parameters; }

    /** The number of steps t taken so far (t = 1 during the first step). */
    public final long steps() { return t; }

    /** The learning rate η. */
    public final double learningRate() { return settings.get("lr"); }

    /** Sets η for the steps that follow (the one setting that may change during training, under a schedule). */
    @Override
    public final void setLearningRate(double learningRate) { setting("lr", Require.learningRate(kind, learningRate)); }

    /** The kind of optimizer, such as {@code "adam"}. */
    public final String kind() { return kind; }

    /** The counters of the state, t by default (a subclass may override this and {@link #restoreCounters} together). */
    protected Map<String, Long> counters() { return Map.of("t", t); }

    /** Sets the counters from a checked state. */
    protected void restoreCounters(Map<String, Long> counters) { t = counters.get("t"); }

    @Override
    public OptimizerState state() { return new OptimizerState(kind, settings, counters(), slots, null); }

    @Override
    public void restore(OptimizerState state) {
        String who = kind + ".restore";
        Require.given(who, "a state", state);
        if (!state.kind().equals(kind) || !withoutRate(state.settings()).equals(withoutRate(settings))
                || !validRate(state.settings().get("lr"))) {
            throw new IllegalArgumentException(who + ": the state is of " + state.describe() + ", expected one of " + name());
        }
        if (!state.counters().keySet().equals(counters().keySet()) || !state.slots().keySet().equals(slots.keySet())) {
            throw new IllegalArgumentException(who + ": the state has counters " + state.counters().keySet() + " and slots "
                    + state.slots().keySet() + ", expected " + counters().keySet() + " and " + slots.keySet());
        }
        state.counters().forEach((name, n) -> Require.that(n >= 0, who, "the counter " + name, "≥ 0", n));
        long steps = state.counters().getOrDefault("t", 1L);
        state.slots().forEach((name, values) -> requireSlot(who, name, values, steps));
        restoreCounters(state.counters());
        settings.put("lr", state.settings().get("lr"));
        state.slots().forEach((name, values) -> {
            for (int i = 0; i < values.size(); i++) slots.get(name).get(i).setTo(values.get(i));
        });
    }

    private static boolean validRate(Double lr) { return lr != null && lr > 0 && Double.isFinite(lr); }

    /** The settings but the learning rate, which a schedule changes. */
    private static Map<String, Double> withoutRate(Map<String, Double> settings) {
        Map<String, Double> rest = new LinkedHashMap<>(settings);
        rest.remove("lr");
        return rest;
    }

    /** Throws unless a saved slot has one finite matrix per parameter, of its shape, and fits its kind and t. */
    private void requireSlot(String who, String name, List<Matrix> values, long steps) {
        Require.that(values.size() == parameters.size(), who, "the slot " + name, "one matrix for each of the "
                + parameters.size() + " parameters", values.size() + " matrices");
        for (int i = 0; i < values.size(); i++) {
            String what = who + ": " + name + " of " + parameters.get(i);
            Matrix m = Require.sameShape(what, parameters.get(i).value(), values.get(i));
            Require.finite(what, m);
            if (nonNegative.contains(name) && m.maxAbs() > 0 && min(m) < 0) {
                throw new IllegalArgumentException(what + " has the entry " + min(m) + "; a running mean of g² is ≥ 0");
            }
            if (steps == 0 && m.maxAbs() > 0) throw new IllegalArgumentException(what + " is not zero at t = 0, before any step");
        }
    }

    private static double min(Matrix m) {
        double v = Double.POSITIVE_INFINITY;
        for (int k = 0; k < m.size(); k++) v = Math.min(v, m.at(k));
        return v;
    }

    /** {@code kind(lr=…, …)} with every setting. */
    @Override
    public String name() { return new OptimizerState(kind, settings, Map.of(), Map.of(), null).describe(); }

    @Override public String toString() { return name(); }
}
