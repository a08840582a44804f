package dev.nncourse.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.NumericGradient;
import dev.nncourse.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ColumnLayerTest {
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
        assertThrows(IllegalArgumentException.class, () -> new ColumnLayer(Matrix.zeros(2, 3), Matrix.zeros(1, 2), Activations.TANH, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new ColumnLayer(Matrix.zeros(2, 3), Matrix.zeros(2, 1), Activations.TANH, 0));
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
}
