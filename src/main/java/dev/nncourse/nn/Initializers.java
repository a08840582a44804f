package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import java.util.List;
import java.util.Random;

/** Weight initializers. Biases always start at zero. Every draw comes from the caller's seeded generator. */
public final class Initializers {
    private Initializers() {}

    /** W_ij ~ N(0, 1): {@code np.random.randn}, as sources 001 and 002 do. */
    public static final Initializer GAUSSIAN = of("gaussian", (n, k, rng) -> Matrix.gaussian(n, k, rng));

    /** Xavier (Glorot) Gaussian, source 000's default: W_ij ~ N(0, σ²) with σ² = 2 / (n + k). */
    public static final Initializer XAVIER_GAUSSIAN = of("xavier-gauss",
            (n, k, rng) -> Matrix.gaussian(n, k, rng).scale(Math.sqrt(2.0 / (n + k))));

    /** Xavier (Glorot) uniform: W_ij ~ U(−r, r) with r = √(6 / (n + k)), which also has variance 2 / (n + k). */
    public static final Initializer XAVIER_UNIFORM = of("xavier-uniform",
            (n, k, rng) -> Matrix.uniform(n, k, Math.sqrt(6.0 / (n + k)), rng));

    /** He (Kaiming) Gaussian, for ReLU layers: W_ij ~ N(0, 2 / n). */
    public static final Initializer HE = of("he", (n, k, rng) -> Matrix.gaussian(n, k, rng).scale(Math.sqrt(2.0 / n)));

    public static final List<Initializer> ALL = List.of(GAUSSIAN, XAVIER_GAUSSIAN, XAVIER_UNIFORM, HE);

    /** A named initializer from a function (n, k, rng) → W. */
    public static Initializer of(String name, Draw draw) {
        return new Initializer() {
            @Override public Matrix weights(int n, int k, Random rng) { return draw.weights(n, k, rng); }
            @Override public String name() { return name; }
            @Override public String toString() { return name; }
        };
    }

    /** The function behind {@link #of}. */
    @FunctionalInterface
    public interface Draw {
        Matrix weights(int fanIn, int fanOut, Random rng);
    }
}
