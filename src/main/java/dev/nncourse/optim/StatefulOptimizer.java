package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@link Momentum}, {@link Nesterov}, {@link RmsProp}, {@link Adam} and {@link AdamW} share: a learning rate ε,
 * a step count t, and per parameter θ a few state matrices of θ's shape (the "slots": a velocity, or moments m and v),
 * created as zeros at θ's first step. Each subclass writes only its update equation, in {@link #update}.
 *
 * <p><b>One network.</b> The first step binds the optimizer to that list of parameters; a step with any other list
 * (another network's) throws, because the state and t belong to the first one. Use one optimizer per network.
 *
 * <p><b>{@link #reset()}</b> keeps the state. Unlike {@link GradientDescent}, nothing is left half-done between steps:
 * after every completed step, the velocities, moments and t belong to the parameters as they are. So when training is
 * interrupted (the trainer calls {@code reset()} then), the state still matches the parameters the network keeps, and
 * the next {@code fit} continues from both. To start afresh, make a new optimizer (or {@code restore} t = 0 and no
 * state).
 *
 * <p><b>State for saving and checking.</b> {@link #steps()}, {@link #slots()} and {@link #state} read the state (as
 * copies), {@link #hyperparameters()} names the settings, and {@link #restore} puts a saved state back, bit for bit.
 */
public abstract class StatefulOptimizer implements Optimizer {
    private final String kind;
    private final double lr;
    private final Map<String, Map<Parameter, Matrix>> state = new LinkedHashMap<>();
    private final Set<String> nonNegative;
    private final ParameterBinding binding = new ParameterBinding();
    private long t;

    /**
     * An optimizer called {@code kind} with learning rate ε and the named state slots; the slots in
     * {@code nonNegative} hold running means of g², which are never negative.
     */
    protected StatefulOptimizer(String kind, double learningRate, List<String> slots, Set<String> nonNegative) {
        this.kind = kind;
        this.lr = requireFinite(kind, "learning rate", learningRate, learningRate > 0, "a positive finite number");
        for (String s : slots) state.put(s, new IdentityHashMap<>());
        this.nonNegative = Set.copyOf(nonNegative);
    }

    /** t ← t + 1, then {@link #update} of every parameter with its gradient g = ∂J/∂θ and its state. */
    @Override
    public final void afterBatch(List<Parameter> params, int batchSize) {
        binding.check(this, params, held());
        t++;
        for (Parameter p : params) {
            Matrix[] s = state.values().stream()
                    .map(slot -> slot.computeIfAbsent(p, q -> Matrix.zeros(q.value().rows(), q.value().cols())))
                    .toArray(Matrix[]::new);
            update(p, p.grad(), s);
        }
    }

    /** One step for one parameter θ = {@code p.value()}, in place: g is ∂J/∂θ and s holds its slots, in order. */
    protected abstract void update(Parameter p, Matrix g, Matrix[] s);

    /** Keeps the state: it always belongs to the last completed step (see the class comment). */
    @Override
    public void reset() {}

    /**
     * The settings by name, in a fixed order: {@code lr} first, then those of the subclass (e.g. {@code beta1},
     * {@code beta2}, {@code eps}); a new map each time.
     */
    public Map<String, Double> hyperparameters() {
        Map<String, Double> h = new LinkedHashMap<>();
        h.put("lr", lr);
        return h;
    }

    /** The number of steps t taken so far (t = 1 during the first step). */
    public long steps() { return t; }

    /** The names of the state slots, e.g. {@code [m, v]}. */
    public List<String> slots() { return List.copyOf(state.keySet()); }

    /** A copy of one slot's state for parameter p, or null before p's first step. */
    public Matrix state(String slot, Parameter p) {
        Matrix s = slotMap("state", slot).get(p);
        return s == null ? null : s.copy();
    }

    /** The learning rate ε. */
    public double learningRate() { return lr; }

    /**
     * Replaces the whole state, as a saved model is loaded: binds to {@code params}, sets t, and copies each given
     * matrix (slot name → parameter → matrix of the parameter's shape); parameters without one start from zeros.
     * Everything is checked before anything changes.
     */
    public void restore(List<Parameter> params, long steps, Map<String, Map<Parameter, Matrix>> saved) {
        String who = kind + ".restore";
        if (params == null || params.isEmpty() || saved == null) {
            throw new IllegalArgumentException(who + ": expected the parameters and the saved state, got " + params + " and " + saved);
        }
        if (steps < 0) throw new IllegalArgumentException(who + ": the step count t must be ≥ 0, got " + steps);
        Set<Parameter> known = Collections.newSetFromMap(new IdentityHashMap<>());
        known.addAll(params);
        saved.forEach((slot, values) -> {
            slotMap(who, slot);
            values.forEach((p, m) -> {
                String what = who + ": " + slot + " of " + p;
                if (!known.contains(p)) throw new IllegalArgumentException(what + " belongs to none of the given parameters");
                p.value().requireSameShape(what, m);
                m.requireFinite(what);
                if (nonNegative.contains(slot) && min(m) < 0) {
                    throw new IllegalArgumentException(what + " has the entry " + min(m) + "; a running mean of g² is ≥ 0");
                }
                if (steps == 0) throw new IllegalArgumentException(what + " is given for t = 0, before any step");
            });
        });
        binding.check(this, params, List.of());
        t = steps;
        state.values().forEach(Map::clear);
        saved.forEach((slot, values) -> values.forEach((p, m) -> state.get(slot).put(p, m.copy())));
    }

    /** Copies t and every slot; the action puts them back, e.g. Adam's m, v and t as they were at the best epoch. */
    @Override
    public Runnable snapshot() {
        long steps = t;
        Map<String, Map<Parameter, Matrix>> saved = copy(state);
        return () -> {
            t = steps;
            state.forEach((slot, values) -> {
                values.clear();
                values.putAll(copy(saved).get(slot));
            });
        };
    }

    private static Map<String, Map<Parameter, Matrix>> copy(Map<String, Map<Parameter, Matrix>> slots) {
        Map<String, Map<Parameter, Matrix>> c = new LinkedHashMap<>();
        slots.forEach((slot, values) -> {
            Map<Parameter, Matrix> m = new IdentityHashMap<>();
            values.forEach((p, v) -> m.put(p, v.copy()));
            c.put(slot, m);
        });
        return c;
    }

    /** The kind of optimizer, such as {@code "adam"}: the first word of {@link #name()}. */
    public String kind() { return kind; }

    /** {@code kind(lr=…, …)} with every hyperparameter. */
    @Override
    public String name() {
        return kind + "(" + hyperparameters().entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue()))
                .collect(Collectors.joining(", ")) + ")";
    }

    @Override public String toString() { return name(); }

    /** Throws unless β (a decay rate such as β1, β2, μ or ρ) is in [0, 1); returns β. */
    protected static double requireDecayRate(String kind, String name, double beta) {
        return requireFinite(kind, name, beta, beta >= 0 && beta < 1, "a number in [0, 1)");
    }

    /** Throws unless ε (added to a denominator) is a positive finite number; returns ε. */
    protected static double requireEpsilon(String kind, double eps) {
        return requireFinite(kind, "ε (eps)", eps, eps > 0, "a positive finite number such as 1e-8");
    }

    /** Throws unless x is finite and {@code ok}, naming the optimizer, the setting, the value and what was expected. */
    protected static double requireFinite(String kind, String name, double x, boolean ok, String expected) {
        if (!ok || !Double.isFinite(x)) throw new IllegalArgumentException(kind + ": " + name + " must be " + expected + ", got " + x);
        return x;
    }

    @Override
    public boolean belongsTo(List<Parameter> params) { return binding.accepts(params, held()); }

    /** The parameters this optimizer holds state for. */
    private Set<Parameter> held() {
        Set<Parameter> h = Collections.newSetFromMap(new IdentityHashMap<>());
        state.values().forEach(slot -> h.addAll(slot.keySet()));
        return h;
    }

    private Map<Parameter, Matrix> slotMap(String who, String slot) {
        Map<Parameter, Matrix> m = state.get(slot);
        if (m == null) throw new IllegalArgumentException(who + ": no slot \"" + slot + "\"; " + kind + " has " + slots());
        return m;
    }

    private static double min(Matrix m) {
        double v = Double.POSITIVE_INFINITY;
        for (int k = 0; k < m.size(); k++) v = Math.min(v, m.at(k));
        return v;
    }

    private static String format(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e6 ? Long.toString((long) x) : String.format(Locale.ROOT, "%s", x);
    }
}
