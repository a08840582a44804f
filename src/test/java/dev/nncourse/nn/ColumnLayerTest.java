package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.NumericGradient;
import dev.nncourse.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The column-convention layer of sources 001 and 002 (one sample per column), which updates itself in backprop: its
 * equations are the dense layer's transposed, its gradients match finite differences. Its stale-state check is
 * {@link ForwardStampTest}'s.
 */
class ColumnLayerTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private final Random rng = new Random(7);
    private final Dense dense = new Dense(3, 2, Activations.TANH, Initializers.GAUSSIAN, rng);
    private final Matrix x = Matrix.gaussian(5, 3, rng);   // five samples, one per row
    private final Matrix dY = Matrix.gaussian(5, 2, rng);  // an upstream gradient, one row per sample

    @Test
    void seedConstructorDrawsRandnWeightsAndZeroBias() {
        ColumnLayer layer = new ColumnLayer(3, 2, Activations.TANH, 0.1, new Random(1));
        assertEquals(Matrix.gaussian(2, 3, new Random(1)), layer.weights());
        assertEquals(Matrix.zeros(2, 1), layer.bias());
    }

    @Test
    void feedforwardIsDenseForwardTransposed() {
        dense.bias().setTo(Matrix.row(0.3, -0.2));
        ColumnLayer layer = ColumnLayer.of(dense, 0.1);
        Matrix a = layer.feedforward(x.transpose());
        assertTrue(a.isClose(dense.forward(x).transpose(), 1e-14), a.toString());
        assertTrue(layer.preActivation().isClose(dense.preActivation().transpose(), 1e-14));
    }

    @Test
    void backpropGradientsAreDenseGradientsTransposedAndDa1UsesTheOldWeights() {
        ColumnLayer layer = ColumnLayer.of(dense, 0.5);
        Matrix w0 = layer.weights().copy();
        layer.feedforward(x.transpose());
        Matrix dA1 = layer.backprop(dY.transpose());
        dense.forward(x);
        Matrix dX = dense.backward(dY);
        assertTrue(layer.weightGrad().isClose(dense.weightGrad().transpose(), 1e-14));
        assertTrue(layer.biasGrad().isClose(dense.biasGrad().transpose(), 1e-14));
        assertTrue(dA1.isClose(dX.transpose(), 1e-14));
        assertTrue(layer.weights().isClose(w0.minus(layer.weightGrad().scale(0.5)), 1e-15), "W ← W − α dW");
    }

    @Test
    void backpropMatchesFiniteDifferencesOfTheCost() {
        // J = (1/m) Σ ⟨dA, A⟩ has ∂J/∂A = dA/m, so dW and db must be ∂J/∂W and ∂J/∂b, and dA1 must be m ∂J/∂A1.
        Matrix a1 = x.transpose(), dA = dY.transpose();
        double m = a1.cols();
        ColumnLayer probe = ColumnLayer.of(dense, 0.1);
        java.util.function.DoubleSupplier cost = () -> probe.feedforward(a1).hadamard(dA).sum() / m;
        Matrix numW = NumericGradient.of(cost, probe.weights(), 1e-6);
        Matrix numB = NumericGradient.of(cost, probe.bias(), 1e-6);
        Matrix numA1 = NumericGradient.of(cost, a1, 1e-6).scale(m);
        probe.feedforward(a1);
        Matrix dA1 = probe.backprop(dA);
        assertTrue(NumericGradient.relativeError(probe.weightGrad(), numW) < 1e-8);
        assertTrue(NumericGradient.relativeError(probe.biasGrad(), numB) < 1e-8);
        assertTrue(NumericGradient.relativeError(dA1, numA1) < 1e-8);
    }

    @Test
    void badShapesAndOrderGiveClearErrors() {
        ColumnLayer layer = ColumnLayer.of(dense, 0.1);
        assertThrows(IllegalStateException.class, () -> layer.backprop(Matrix.zeros(2, 5)));
        var e = assertThrows(IllegalArgumentException.class, () -> layer.feedforward(x));
        assertTrue(e.getMessage().contains("5×3"), e.getMessage());
        layer.feedforward(x.transpose());
        assertThrows(IllegalArgumentException.class, () -> layer.backprop(Matrix.zeros(5, 2)));
        assertThrows(IllegalArgumentException.class, () -> new ColumnLayer(Matrix.zeros(2, 3), Matrix.zeros(1, 2),
                Activations.TANH, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new ColumnLayer(Matrix.zeros(2, 3), Matrix.zeros(2, 1),
                Activations.TANH, 0));
    }

    @Test
    void backwardGivesBackpropsGradientsAndTakesNoStep() {
        dense.bias().setTo(Matrix.row(0.3, -0.2));
        ColumnLayer looking = ColumnLayer.of(dense, 0.5), stepping = ColumnLayer.of(dense, 0.5);
        Matrix w0 = looking.weights().copy(), b0 = looking.bias().copy();
        looking.feedforward(x.transpose());
        stepping.feedforward(x.transpose());
        Matrix dA1 = looking.backward(dY.transpose());
        assertEquals(w0, looking.weights(), "backward leaves W as it was");
        assertEquals(b0, looking.bias(), "and b");
        Matrix again = looking.backward(dY.transpose());   // no step was taken, so it may run again
        assertEquals(dA1, again);
        assertEquals(stepping.backprop(dY.transpose()), dA1);
        assertEquals(stepping.weightGrad(), looking.weightGrad());
        assertEquals(stepping.biasGrad(), looking.biasGrad());
        assertEquals(stepping.preActivationGrad(), looking.preActivationGrad());
        // after backprop's step the layer refuses a second backward on the old Z
        assertThrows(IllegalStateException.class, () -> stepping.backward(dY.transpose()));
    }

    @Test
    void aLayerWithoutBiasComputesWA1AndHasNoBiasGradient() {
        Dense plain = new Dense(3, 2, Activations.SIGMOID, Initializers.GAUSSIAN, new Random(3), false);
        ColumnLayer layer = ColumnLayer.of(plain, 0.1);
        assertEquals(null, layer.bias());
        assertEquals("ColumnLayer(3 → 2, sigmoid, no bias, α = 0.1)", layer.toString());
        Matrix a = layer.feedforward(x.transpose());
        assertTrue(a.isClose(plain.forward(x).transpose(), 1e-14));
        assertTrue(layer.preActivation().isClose(layer.weights().mult(x.transpose()), 0));
        Matrix w0 = layer.weights().copy();
        Matrix dA1 = layer.backprop(dY.transpose());
        assertEquals(null, layer.biasGrad());
        Matrix dX = plain.backward(dY);
        assertTrue(layer.weightGrad().isClose(plain.weightGrad().transpose(), 1e-14));
        assertTrue(dA1.isClose(dX.transpose(), 1e-14));
        assertTrue(layer.weights().isClose(w0.minus(layer.weightGrad().scale(0.1)), 1e-15));
        ColumnLayer direct = ColumnLayer.withoutBias(w0, Activations.SIGMOID, 0.1);
        assertEquals(layer.preActivation().rows(), direct.feedforward(x.transpose()).rows());
        assertEquals(w0.mult(x.transpose()), direct.preActivation());
    }

    @Test
    void withoutBiasMatchesFiniteDifferencesEntryByEntry() {
        // J = (1/m) Σ ⟨dA, A⟩: dW = ∂J/∂W and dA1 = m ∂J/∂A1, with every entry held to 1e-7 (per-entry relative error)
        Matrix w = Matrix.gaussian(2, 3, new Random(11)), a1 = x.transpose(), dA = dY.transpose();
        double m = a1.cols();
        ColumnLayer probe = ColumnLayer.withoutBias(w, Activations.TANH, 0.1);
        java.util.function.DoubleSupplier cost = () -> probe.feedforward(a1).hadamard(dA).sum() / m;
        Matrix numW = NumericGradient.of(cost, probe.weights(), 1e-6);
        Matrix numA1 = NumericGradient.of(cost, a1, 1e-6).scale(m);
        probe.feedforward(a1);
        Matrix dA1 = probe.backward(dA);
        assertTrue(NumericGradient.entryRelativeError(probe.weightGrad(), numW) < 1e-7);
        assertTrue(NumericGradient.entryRelativeError(dA1, numA1) < 1e-7);
    }

    /** It refuses missing and impossible arguments when it is made or called, naming what it expected. */
    @Nested
    class BadInput {
        private final Matrix w = Matrix.gaussian(3, 2, 1L), b = Matrix.zeros(3, 1);
        @Test void nullActivationIsRefusedAtOnceNotAtTheFirstFeedforward() {
            assertMessage(IAE, () -> new ColumnLayer(w, b, null, 0.1), "ColumnLayer", "an activation", "null");
            assertMessage(IAE, () -> new ColumnLayer(2, 3, null, 0.1, new Random(1)), "ColumnLayer", "an activation", "got null");
        }

        @Test void nullWeightsOrBias() {
            assertMessage(IAE, () -> new ColumnLayer(null, b, Activations.TANH, 0.1), "ColumnLayer", "a weight matrix W",
                    "got null, 3×1, tanh");
            assertMessage(IAE, () -> new ColumnLayer(w, null, Activations.TANH, 0.1), "ColumnLayer", "a bias b", "got 3×2, null",
                    "ColumnLayer.withoutBias");
            assertMessage(IAE, () -> ColumnLayer.withoutBias(null, Activations.TANH, 0.1), "ColumnLayer", "a weight matrix W",
                    "got null, tanh");
            assertMessage(IAE, () -> ColumnLayer.withoutBias(w, null, 0.1), "ColumnLayer", "an activation", "got 3×2, null");
            assertMessage(IAE, () -> ColumnLayer.withoutBias(w, Activations.TANH, -1), "learning rate", "got -1.0");
        }

        @Test void nullGenerator() {
            assertMessage(IAE, () -> new ColumnLayer(2, 3, Activations.TANH, 0.1, null), "ColumnLayer", "a random generator",
                    "and null");
        }

        @Test void nullDense() { assertMessage(IAE, () -> ColumnLayer.of(null, 0.1), "ColumnLayer.of", "expected a Dense layer"); }

        @Test void nullInputAndGradient() {
            ColumnLayer layer = new ColumnLayer(w, b, Activations.TANH, 0.1);
            assertMessage(IAE, () -> layer.feedforward(null), "ColumnLayer.feedforward", "expected an input A1, got null");
            layer.feedforward(Matrix.zeros(2, 4));
            assertMessage(IAE, () -> layer.backprop(null), "ColumnLayer.backprop: gradient null must match the layer's output 3×4");
            assertMessage(IAE, () -> layer.backward(null), "ColumnLayer.backward: gradient null must match the layer's output 3×4");
            assertMessage(IllegalStateException.class, () -> new ColumnLayer(w, b, Activations.TANH,
                    0.1).backward(Matrix.zeros(3, 4)),
                    "ColumnLayer.backward", "call feedforward first");
        }

        @Test void inputRowsAndLearningRate() {
            ColumnLayer layer = new ColumnLayer(2, 3, Activations.TANH, 0.1, new Random(1));
            assertMessage(IAE, () -> layer.feedforward(Matrix.zeros(3, 1)), "input 3×1 has 3 rows", "expected 2");
            assertMessage(IAE, () -> new ColumnLayer(2, 3, Activations.TANH, -0.1, new Random(1)),
                    "ColumnLayer: the learning rate must be a positive finite number, got -0.1");
        }

        @Test void shapesThatCannotExistAreNamed() {
            assertMessage(IAE, () -> new ColumnLayer(65536, 65537, Activations.TANH, 0.1, new Random(1)), "ColumnLayer",
                    "shape 65537×65536", "4295032832 entries", "more than the 2147483639 a Java array can hold");
            assertMessage(IAE, () -> new ColumnLayer(0, 3, Activations.TANH, 0.1, new Random(1)), "ColumnLayer",
                    "got 0 inputs and 3 neurons");
            assertMessage(IAE, () -> new ColumnLayer(2, -1, Activations.TANH, 0.1, new Random(1)), "ColumnLayer",
                    "got 2 inputs and -1 neurons");
        }
    }
}
