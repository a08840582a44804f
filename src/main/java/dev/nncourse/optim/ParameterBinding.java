package dev.nncourse.optim;

import dev.nncourse.nn.Parameter;
import java.util.Collection;
import java.util.List;

/**
 * The one network a stateful optimizer belongs to. Such an optimizer keeps state per parameter, gathered from one
 * network's minibatches (a running mean gradient, moment estimates, a sample count), so used with a second network it
 * would mix the two: updates that are silently wrong. It therefore binds to the parameter list it is first used with,
 * the same {@link Parameter} objects in the same order, and refuses any other: one optimizer per network.
 *
 * <p>Use: call {@link #check} at the start of every method that takes the parameters, before changing anything.
 */
public final class ParameterBinding {
    private List<Parameter> bound;

    /**
     * Binds to {@code params} on the first call; afterwards throws {@link IllegalStateException} unless they are the
     * bound parameters. {@code held} are the parameters the optimizer already has state for (e.g. resumed from a file):
     * at the first call they must all be among {@code params}.
     */
    public void check(Optimizer optimizer, List<Parameter> params, Collection<Parameter> held) {
        if (!accepts(params, held)) {
            throw new IllegalStateException(optimizer.name() + " belongs to another network: it was first used with "
                    + (bound == null ? "other" : "that network's") + " parameters " + (bound == null ? held : bound)
                    + ", and its state was gathered for them, so it cannot update " + params + ". Create one optimizer "
                    + "per network");
        }
        if (bound == null) bound = List.copyOf(params);
    }

    /** Throws unless every one of {@code held} (state about to be resumed) is a bound parameter, or nothing is bound. */
    public void checkHeld(Optimizer optimizer, Collection<Parameter> held) {
        if (bound != null && !accepts(bound, held, true)) {
            throw new IllegalStateException(optimizer.name() + " belongs to the network of parameters " + bound
                    + "; it cannot take state for other parameters. Create one optimizer per network");
        }
    }

    /** Whether {@code params} are the bound parameters, or, before the first use, hold every one of {@code held}. */
    public boolean accepts(List<Parameter> params, Collection<Parameter> held) { return accepts(params, held, bound == null); }

    private boolean accepts(List<Parameter> params, Collection<Parameter> held, boolean onlyHeld) {
        if (onlyHeld) return held.stream().allMatch(h -> params.stream().anyMatch(p -> p == h));
        if (bound.size() != params.size()) return false;
        for (int i = 0; i < bound.size(); i++) if (bound.get(i) != params.get(i)) return false;
        return true;
    }
}
