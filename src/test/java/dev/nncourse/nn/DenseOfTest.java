package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nncourse.check.GradientCheck;
import dev.nncourse.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Dense#of}: a layer from given weights, with no initializer and no random generator. */
class DenseOfTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Matrix W = Matrix.of(new double[][] {{1, -2}, {0.5, 3}, {-1, 0.25}});
    private static final Matrix B = Matrix.row(0.1, -0.2);

    @Test
    void computesFOfXwPlusBWithTheGivenWeights() {
        Dense d = Dense.of(W, B, Activations.TANH);
        assertEquals(3, d.inputs());
        assertEquals(2, d.neurons());
        assertEquals("Dense(3 → 2, tanh)", d.toString());
        Matrix x = Matrix.row(2, -1, 4);
        // a_0 = 2·1 − 1·0.5 + 4·(−1) + 0.1 = −2.4, a_1 = 2·(−2) − 3 + 4·0.25 − 0.2 = −6.2
        assertEquals(Math.tanh(-2.4), d.forward(x).get(0, 0), 1e-15);
        assertEquals(Math.tanh(-6.2), d.forward(x).get(0, 1), 1e-15);
    }

    @Test
    void keepsCopiesSoTheCallersMatricesStayItsOwn() {
        Matrix w = W.copy(), b = B.copy();
        Dense d = Dense.of(w, b, Activations.IDENTITY);
        w.set(0, 0, 100);
        b.set(0, 0, 100);
        assertEquals(1, d.weights().get(0, 0));
        assertEquals(0.1, d.bias().get(0, 0));
        d.weights().set(1, 1, -7);
        assertEquals(3, w.get(1, 1), "training the layer does not change the given matrix");
    }

    @Test
    void withoutBiasItIsXw() {
        Dense d = Dense.of(W, Activations.IDENTITY);
        assertNull(d.bias());
        assertEquals("Dense(3 → 2, identity, no bias)", d.toString());
        assertEquals(Matrix.row(2, 4), d.forward(Matrix.row(1, 2, 0)));   // 1·(1, −2) + 2·(0.5, 3)
        assertEquals(1, d.parameters().size());
    }

    @Test
    void equalsTheLayerAnInitializerWouldHaveMadeWithTheseWeights() {
        Dense drawn = new Dense(3, 2, Activations.SIGMOID, Initializers.GAUSSIAN, new Random(4));
        drawn.bias().setTo(B);
        Dense given = Dense.of(drawn.weights(), B, Activations.SIGMOID);
        Matrix x = Matrix.gaussian(5, 3, 2), t = Matrix.gaussian(5, 2, 3);
        assertEquals(drawn.forward(x), given.forward(x));
        drawn.backward(Losses.MSE.gradient(drawn.output(), t));
        given.backward(Losses.MSE.gradient(given.output(), t));
        assertEquals(drawn.weightGrad(), given.weightGrad());
        assertEquals(drawn.biasGrad(), given.biasGrad());
        GradientCheck.of(Network.of(given), Losses.MSE, x, t).requireBelow(1e-7);
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage(IAE, () -> Dense.of(null, B, Activations.TANH), "Dense.of", "weights W", "got null");
        assertMessage(IAE, () -> Dense.of(W, B, null), "Dense.of", "activation", "null");
        assertMessage(IAE, () -> Dense.of(W, (Matrix) null, Activations.TANH), "Dense.of", "bias", "Dense.of(W, activation)");
        assertMessage(IAE, () -> Dense.of(W, Matrix.row(1, 2, 3), Activations.TANH), "bias 1×3", "must be 1×2");
        assertMessage(IAE, () -> Dense.of(W, B.transpose(), Activations.TANH), "bias 2×1", "must be 1×2");
        assertMessage(IAE, () -> Dense.of(Matrix.row(1, Double.NaN), Activations.TANH), "weights W", "NaN", "(0, 1)");
        assertMessage(IAE, () -> Dense.of(W, Matrix.row(1, Double.POSITIVE_INFINITY), Activations.TANH), "bias b",
                "Infinity");
    }
}
