package dev.nncourse.nn;

import dev.nncourse.linalg.Kernels;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import dev.nncourse.linalg.Scratch;
import java.util.List;

/**
 * Inverted dropout (Srivastava et al., 2014). In training mode every entry of the input is kept with probability
 * 1 − p and scaled up, or set to 0:
 * <pre>
 *   Y = X ⊙ M / (1 − p),    M_ij ~ Bernoulli(1 − p), drawn afresh for every forward pass
 *   E[Y_ij] = X_ij (1 − p) / (1 − p) = X_ij
 * </pre>
 * so the expected output is the input, and in evaluation mode the layer is the identity, Y = X, with nothing to
 * rescale at test time. The backward pass uses the mask of its forward pass: ∂L/∂X = G ⊙ M / (1 − p) (G in
 * evaluation). A layer is in evaluation mode until {@link #setTraining set} otherwise; {@code Trainer.fit} switches it.
 *
 * <p>The masks are reproducible: entry after entry, row by row, u ~ U[0, 1) comes from SplitMix64 (Steele, Lea and
 * Flood, 2014) started at the seed, and M_ij = 1 when u ≥ p ({@link Kernels#keepMask}). The generator's whole state is the seed and the number of
 * entries drawn so far ({@link #draws()}), so a saved network goes on with the same masks after it is loaded.
 */
public final class Dropout extends Layer {
    private final double p;
    private final long seed;
    private long draws;
    private Matrix mask;         // the mask of the last forward pass; null if it was in evaluation mode
    private final Scratch masks = new Scratch(), yOut = new Scratch(), dx = new Scratch();
    private ForwardStamp stamp;

    /** Dropout with rate p ∈ [0, 1), the probability of dropping an entry, and masks drawn from {@code seed}. */
    public Dropout(double p, long seed) { this(p, seed, 0); }

    /** Dropout that goes on after {@code draws} mask entries have been drawn from {@code seed} (as a model file loads it). */
    public Dropout(double p, long seed, long draws) {
        requireRate(p);
        Require.that(draws >= 0, "Dropout", "the number of entries drawn", "≥ 0", draws);
        this.p = p;
        this.seed = seed;
        this.draws = draws;
    }

    /** Throws unless the dropout rate p is in [0, 1), the probability of dropping an entry; returns p. */
    static double requireRate(double p) {
        if (p == 1) {
            throw new IllegalArgumentException("Dropout: the rate p must be a number in [0, 1), the probability of dropping "
                    + "an entry, got 1.0 (p = 1 would drop everything)");
        }
        return Require.fraction("Dropout", "the rate p", p);
    }

    /** Training: Y = X ⊙ M / (1 − p) with a fresh mask M. Evaluation: Y = X (the same matrix). Caches X, M and Y. */
    @Override
    public Matrix forward(Matrix input) {
        Require.given("Dropout.forward", "an input matrix", input);
        mask = null;
        Matrix y = input;
        if (isTraining()) {
            mask = Kernels.keepMask(seed, draws, p, masks.of(input.rows(), input.cols(), reusing()));   // M_ij = [u ≥ p]
            draws += mask.size();
            y = Kernels.masked(input, mask, scale(), yOut.of(input.rows(), input.cols(), reusing()));  // X ⊙ M / (1 − p)
        }
        stamp = ForwardStamp.take(stamp, input, y, List.of());
        return y;
    }

    /** Y = X, whatever the mode: evaluation. */
    @Override
    public Matrix predict(Matrix input) { return Require.given("Dropout.predict", "an input matrix", input); }

    /**
     * ∂L/∂X = G ⊙ M / (1 − p) with the mask of the last forward pass (exactly 0 where M is 0, never −0); G itself (as
     * a copy) after one in evaluation.
     */
    @Override
    public Matrix backward(Matrix gradOutput) {
        ForwardStamp.requireBackward(stamp, "Dropout.backward", gradOutput);
        if (mask == null) return gradOutput.copy();
        return Kernels.masked(gradOutput, mask, scale(), dx.of(mask.rows(), mask.cols(), reusing()));
    }

    /** The dropout rate p, the probability of dropping an entry. */
    public double p() { return p; }

    /** The scale 1 / (1 − p) of the entries kept. */
    public double scale() { return 1 / (1 - p); }

    public long seed() { return seed; }

    /** The number of mask entries drawn so far (the generator's position). */
    public long draws() { return draws; }

    /** The generator's position; the snapshot moves it back there. */
    @Override
    Network.Snapshot state() {
        long at = draws;
        return () -> draws = at;
    }

    /** A copy of the 0/1 mask M of the last forward pass, or null if there was none or it ran in evaluation mode. */
    public Matrix mask() { return mask == null ? null : mask.copy(); }

    @Override
    ForwardStamp stamp() { return stamp; }

    @Override
    public String toString() { return "Dropout(p = " + p + ")"; }
}
