package dev.nncourse.nn;

import dev.nncourse.linalg.Kernels;
import dev.nncourse.linalg.Matrix;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a backward pass needs to be valid, taken when its forward pass ran: the input X, the output Y, and the change
 * counts ({@link Kernels#version}) of X and of every parameter at that moment. A backward pass belongs to one forward
 * pass: if X, W or b changed since (an update, a {@code set}), the caches the layer kept would no longer match them,
 * and the gradient would silently mix the new W with the old X. Every layer of the library takes a stamp in
 * {@code forward} and checks it in {@code backward}, and a {@link Network} does the same around every layer, a
 * learner's own included.
 */
final class ForwardStamp {
    private static final AtomicLong PASSES = new AtomicLong();

    private Matrix input, output;
    private int inputVersion;
    private List<Parameter> parameters;
    private int[] versions;
    private long pass;

    private ForwardStamp() {}

    /** The stamp of a forward pass from X to Y through a layer with these parameters. */
    static ForwardStamp of(Matrix input, Matrix output, List<Parameter> parameters) {
        return take(null, input, output, parameters);
    }

    /**
     * The stamp of a forward pass, written over {@code old} (a layer's stamp of its pass before, or null), so that a
     * training loop's passes allocate nothing: a stamp is only ever compared with the layer's latest pass.
     */
    static ForwardStamp take(ForwardStamp old, Matrix input, Matrix output, List<Parameter> parameters) {
        ForwardStamp s = old != null && old.versions.length == parameters.size() ? old : new ForwardStamp();
        s.input = input;
        s.output = output;
        s.inputVersion = Kernels.version(input);
        s.parameters = parameters;
        if (s.versions == null) s.versions = new int[parameters.size()];
        for (int i = 0; i < s.versions.length; i++) s.versions[i] = Kernels.version(parameters.get(i).value());
        s.pass = PASSES.incrementAndGet();
        return s;
    }

    /** A number that no other forward pass's stamp has had: two stamps of the same number are of the same pass. */
    long pass() { return pass; }

    Matrix input() { return input; }

    Matrix output() { return output; }

    /**
     * Throws unless a backward pass with G = ∂L/∂Y may run now: there was a forward pass ({@code stamp} not null),
     * nothing it used has changed since, and G has Y's shape. {@code who} names the layer's method in the message.
     * Changes nothing, so a network can check every layer before any layer runs backward.
     */
    static void requireBackward(ForwardStamp stamp, String who, Matrix gradOutput) {
        String problem = problem(stamp, gradOutput);
        if (problem == null) return;
        if (stamp == null || stamp.changed() != null) throw new IllegalStateException(who + ": " + problem);
        throw new IllegalArgumentException(who + ": " + problem);
    }

    /** Why a backward pass with G may not run now (see {@link #requireBackward}), or null if it may. */
    static String problem(ForwardStamp stamp, Matrix gradOutput) {
        if (stamp == null) return "call forward first; there is no forward pass to go back through";
        String changed = stamp.changed();
        if (changed != null) {
            return changed + " changed since the last forward pass (by an update or a write), so the values cached by "
                    + "that pass no longer match; run forward again before each backward pass";
        }
        Matrix y = stamp.output;
        if (gradOutput == null || gradOutput.rows() != y.rows() || gradOutput.cols() != y.cols()) {
            return "gradient " + (gradOutput == null ? "null" : gradOutput.shape()) + " must match the layer's output "
                    + y.shape();
        }
        return null;
    }

    /** What changed since the forward pass ("its weights W", "the input X of that pass"), or null if nothing did. */
    private String changed() {
        for (int i = 0; i < versions.length; i++) {
            if (Kernels.version(parameters.get(i).value()) != versions[i]) return describe(parameters.get(i).name());
        }
        return Kernels.version(input) != inputVersion ? "the input X of that pass" : null;
    }

    private static String describe(String parameter) {
        return parameter.equals("W") ? "its weights W" : parameter.equals("b") ? "its bias b" : "its parameter " + parameter;
    }
}
