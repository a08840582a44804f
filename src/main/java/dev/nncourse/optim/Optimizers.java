package dev.nncourse.optim;

import dev.nncourse.nn.Parameter;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The library's optimizers by kind: how a model file makes one again from its saved {@link OptimizerState}, for the
 * parameters of the network it loaded, and which optimizers it can save.
 */
public final class Optimizers {
    private Optimizers() {}

    /** How to make each kind from its parameters and settings, and the exact class it makes. */
    private record Kind(Class<? extends Optimizer> type, BiFunction<List<Parameter>, Map<String, Double>, Optimizer> make) {}

    private static final Map<String, Kind> KINDS = Map.of(
            "sgd", new Kind(Sgd.class, (ps, h) -> new Sgd(ps, get(h, "lr"))),
            "gd", new Kind(GradientDescent.class, (ps, h) -> new GradientDescent(ps, get(h, "lr"))),
            "momentum", new Kind(Momentum.class, (ps, h) -> new Momentum(ps, get(h, "lr"), get(h, "momentum"))),
            "nesterov", new Kind(Nesterov.class, (ps, h) -> new Nesterov(ps, get(h, "lr"), get(h, "momentum"))),
            "rmsprop", new Kind(RmsProp.class, (ps, h) -> new RmsProp(ps, get(h, "lr"), get(h, "rho"), get(h, "eps"))),
            "adam", new Kind(Adam.class, (ps, h) -> new Adam(ps, get(h, "lr"), get(h, "beta1"), get(h, "beta2"), get(h, "eps"))),
            "adamw", new Kind(AdamW.class, (ps, h) -> new AdamW(ps, get(h, "lr"), get(h, "beta1"), get(h, "beta2"),
                    get(h, "eps"), get(h, "weightDecay"))),
            "l2", new Kind(L2Regularized.class, null));

    /**
     * Null if {@code optimizer} is one of the library's (around an L2 penalty or not), which a model file can make
     * again; otherwise why not, naming its class.
     */
    public static String whyNotSavable(Optimizer optimizer) {
        Kind kind = KINDS.get(optimizer.state().kind());
        if (kind == null || kind.type() != optimizer.getClass()) {
            return optimizer.name() + " is a " + optimizer.getClass().getName() + ", not one of the library's optimizers "
                    + "(" + KINDS.keySet().stream().sorted().toList() + "), so a model file could not make it again";
        }
        return optimizer instanceof L2Regularized l2 ? whyNotSavable(l2.optimizer()) : null;
    }

    /** A new optimizer of the state's kind and settings for these parameters, with the state restored into it. */
    public static Optimizer of(OptimizerState state, List<Parameter> parameters) {
        Kind kind = KINDS.get(state.kind());
        if (kind == null) {
            throw new IllegalArgumentException("optimizer \"" + state.kind() + "\", expected one of "
                    + KINDS.keySet().stream().sorted().toList());
        }
        Optimizer opt = kind.make() == null
                ? new L2Regularized(of(requireInner(state), parameters), get(state.settings(), "lambda"))
                : kind.make().apply(parameters, state.settings());
        opt.restore(state);
        return opt;
    }

    private static OptimizerState requireInner(OptimizerState state) {
        if (state.inner() == null) throw new IllegalArgumentException("an L2 penalty that wraps no optimizer");
        if (state.inner().kind().equals("l2")) throw new IllegalArgumentException("an L2 penalty inside another one");
        return state.inner();
    }

    private static double get(Map<String, Double> settings, String name) {
        Double v = settings.get(name);
        if (v == null) throw new IllegalArgumentException("no setting \"" + name + "\" among " + settings.keySet());
        return v;
    }
}
