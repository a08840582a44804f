package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Shapes, seeding and the variance each initializer promises, measured on a large draw. */
class InitializersTest {
    static final List<Initializer> ALL = Initializers.ALL;

    private static final int N = 300, K = 500;   // 150 000 weights: the sample variance is within ~0.4 % (1 s.d.)

    @ParameterizedTest(name = "{0}")
    @FieldSource("ALL")
    void weightsHaveShapeFanInByFanOut(Initializer init) {
        assertEquals("3×7", init.weights(3, 7, new Random(0)).shape());
        assertEquals("1×1", init.weights(1, 1, new Random(0)).shape());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ALL")
    void sameSeedSameWeightsOtherSeedOtherWeights(Initializer init) {
        assertEquals(init.weights(4, 5, new Random(7)), init.weights(4, 5, new Random(7)));
        assertNotEquals(init.weights(4, 5, new Random(7)), init.weights(4, 5, new Random(8)));
    }

    static Stream<Arguments> variances() {
        return Stream.of(
                Arguments.of(Initializers.GAUSSIAN, 1.0),
                Arguments.of(Initializers.XAVIER_GAUSSIAN, 2.0 / (N + K)),
                Arguments.of(Initializers.XAVIER_UNIFORM, 6.0 / (N + K) / 3),   // U(−r, r) has variance r²/3
                Arguments.of(Initializers.HE, 2.0 / N));
    }

    @ParameterizedTest(name = "{0}: variance {1}")
    @MethodSource("variances")
    void empiricalVarianceMatchesTheFormula(Initializer init, double variance) {
        Matrix w = init.weights(N, K, new Random(2024));
        double mean = w.mean();
        double var = w.map(x -> (x - mean) * (x - mean)).mean();
        assertEquals(0, mean, 4 * Math.sqrt(variance / w.size()), "mean");
        assertEquals(variance, var, 0.02 * variance, "variance");
    }

    @Test
    void xavierUniformStaysWithinItsRange() {
        Matrix w = Initializers.XAVIER_UNIFORM.weights(N, K, new Random(3));
        double r = Math.sqrt(6.0 / (N + K));
        assertTrue(w.maxAbs() <= r);
        assertTrue(w.maxAbs() > 0.99 * r);
    }

    @Test
    void gaussianIsNextGaussianLikeRandn() {
        Random rng = new Random(11);
        Matrix w = Initializers.GAUSSIAN.weights(2, 3, new Random(11));
        for (int k = 0; k < 6; k++) assertEquals(rng.nextGaussian(), w.at(k));
    }

    @Test
    void customInitializerFromAFunction() {
        Initializer ones = Initializers.of("ones", (n, k, rng) -> Matrix.filled(n, k, 1));
        assertEquals("ones", ones.name());
        assertEquals("ones", ones.toString());
        assertEquals(Matrix.filled(2, 3, 1), ones.weights(2, 3, new Random()));
        assertEquals(List.of("gaussian", "xavier-gauss", "xavier-uniform", "he"),
                Initializers.ALL.stream().map(Initializer::name).toList());
    }

    @Test
    void aDenseLayerRejectsAnInitializerThatReturnsTheWrongShape() {
        Initializer wrong = Initializers.of("wrong", (n, k, rng) -> Matrix.zeros(k, n));
        assertMessage(IllegalArgumentException.class, () -> new Dense(2, 3, Activations.TANH, wrong, new Random()),
                "wrong", "3×2", "2×3");
    }
}
