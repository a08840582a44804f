package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.NumericGradient;
import dev.nncourse.linalg.Matrix;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dense layer's equations, checked sample by sample with plain loops and against finite differences. */
class DenseTest {
    private static final Loss MSE = Losses.MSE;

    /** A 3 → 2 tanh layer with a non-zero bias, and a batch of 4 samples. */
    private static Dense layer(boolean bias) {
        Dense d = new Dense(3, 2, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(5), bias);
        if (bias) d.bias().setTo(Matrix.row(0.3, -0.2));
        return d;
    }

    private static final Matrix X = Matrix.gaussian(4, 3, 9);
    private static final Matrix T = Matrix.gaussian(4, 2, 10);

    /** a_ij = Σ_k x_ik W_kj + b_j for sample i on its own. */
    private static double pre(Dense d, Matrix x, int i, int j) {
        double a = d.bias() == null ? 0 : d.bias().get(0, j);
        for (int k = 0; k < d.inputs(); k++) a += x.get(i, k) * d.weights().get(k, j);
        return a;
    }

    @Test
    void forwardEqualsThePerSampleLoopAndCachesInputPreActivationAndOutput() {
        for (boolean bias : new boolean[] {true, false}) {
            Dense d = layer(bias);
            Matrix y = d.forward(X);
            assertSame(X, d.input());
            assertSame(y, d.output());
            assertEquals("4×2", y.shape());
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(pre(d, X, i, j), d.preActivation().get(i, j), 1e-14);
                    assertEquals(Math.tanh(pre(d, X, i, j)), y.get(i, j), 1e-14);
                }
            }
        }
    }

    @Test
    void backwardGradientsAreBatchAveragesOfThePerSampleOnes() {
        Dense d = layer(true);
        Matrix g = MSE.gradient(d.forward(X), T);
        Matrix dx = d.backward(g);
        // δ_ij = g_ij f′(a_ij); ∂J/∂W_kj = (1/m) Σ_i x_ik δ_ij; ∂J/∂b_j = (1/m) Σ_i δ_ij; ∂L/∂x_ik = Σ_j δ_ij W_kj
        for (int j = 0; j < 2; j++) {
            double db = 0;
            for (int i = 0; i < 4; i++) db += g.get(i, j) * (1 - Math.pow(Math.tanh(pre(d, X, i, j)), 2)) / 4;
            assertEquals(db, d.biasGrad().get(0, j), 1e-14);
            for (int k = 0; k < 3; k++) {
                double dw = 0;
                for (int i = 0; i < 4; i++) dw += X.get(i, k) * g.get(i, j) * (1 - Math.pow(Math.tanh(pre(d, X, i, j)), 2)) / 4;
                assertEquals(dw, d.weightGrad().get(k, j), 1e-14);
            }
        }
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 3; k++) {
                double s = 0;
                for (int j = 0; j < 2; j++) s += g.get(i, j) * (1 - Math.pow(Math.tanh(pre(d, X, i, j)), 2)) * d.weights().get(k, j);
                assertEquals(s, dx.get(i, k), 1e-14);
            }
        }
    }

    @Test
    void backwardAndDescendIsBackwardThenTheSgdStepBitForBit() {
        for (boolean bias : new boolean[] {true, false}) {
            for (int m : new int[] {1, 3}) {   // m = 1 takes the fused path, m = 3 the plain one
                Matrix x = X.selectRows(m == 1 ? new int[] {2} : new int[] {0, 1, 3}), t = T.selectRows(m == 1 ? new int[] {2} : new int[] {0, 1, 3});
                Dense plain = layer(bias), fused = layer(bias);
                Matrix dx = plain.backward(MSE.gradient(plain.forward(x), t));
                for (Parameter p : plain.parameters()) p.value().addScaledInPlace(p.grad(), -0.1);
                String where = "bias " + bias + ", m = " + m;
                assertEquals(dx, fused.backwardAndDescend(MSE.gradient(fused.forward(x), t), 0.1), where);
                assertEquals(plain.weights(), fused.weights(), where);
                assertEquals(plain.bias(), fused.bias(), where);
                assertEquals(plain.weightGrad(), fused.weightGrad(), where + ": ∂J/∂W is still there to read");
                assertEquals(plain.biasGrad(), fused.biasGrad(), where);
            }
        }
    }

    @Test
    void backwardAndDescendChecksLikeBackward() {
        Dense d = layer(true);
        assertMessage(IllegalStateException.class, () -> d.backwardAndDescend(Matrix.zeros(1, 2), 0.1), "backwardAndDescend", "call forward first");
        d.forward(X.getRow(0));
        assertMessage(IllegalArgumentException.class, () -> d.backwardAndDescend(Matrix.zeros(1, 3), 0.1),
                "backwardAndDescend", "gradient 1×3", "output 1×2");
        Matrix w = d.weights().copy();
        for (double lr : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertMessage(IllegalArgumentException.class, () -> d.backwardAndDescend(Matrix.zeros(1, 2), lr),
                    "learning rate must be a positive finite number", "got " + lr);
        }
        assertEquals(w, d.weights(), "a refused step changes nothing");
    }

    @Test
    void backwardMatchesFiniteDifferencesOfTheCost() {
        Dense d = layer(true);
        Matrix dx = d.backward(MSE.gradient(d.forward(X), T));
        Matrix dw = d.weightGrad().copy(), db = d.biasGrad().copy();
        assertTrue(NumericGradient.relativeError(dw, NumericGradient.of(() -> MSE.cost(d.forward(X), T), d.weights(), 1e-5)) < 1e-8);
        assertTrue(NumericGradient.relativeError(db, NumericGradient.of(() -> MSE.cost(d.forward(X), T), d.bias(), 1e-5)) < 1e-8);
        Matrix x = X.copy();
        // row i of ∂L/∂X is ∂L_i/∂x_i: the gradient of the total, not of the mean
        assertTrue(NumericGradient.relativeError(dx, NumericGradient.of(() -> MSE.total(d.forward(x), T), x, 1e-5)) < 1e-8);
    }

    @Test
    void aLayerWithoutBiasHasOnlyWeights() {
        Dense d = layer(false);
        assertNull(d.bias());
        assertNull(d.biasGrad());
        assertEquals(List.of("W"), d.parameters().stream().map(Parameter::name).toList());
        assertEquals(X.mult(d.weights()).map(Math::tanh), d.forward(X));
        assertEquals("Dense(3 → 2, tanh, no bias)", d.toString());
    }

    @Test
    void aLayerWithBiasStartsAtZeroBias() {
        Dense d = new Dense(3, 2, Activations.RELU, Initializers.HE, new Random(1));
        assertEquals(Matrix.zeros(1, 2), d.bias());
        assertEquals(List.of("W", "b"), d.parameters().stream().map(Parameter::name).toList());
        assertSame(d.weights(), d.parameters().get(0).value());
        assertSame(d.weightGrad(), d.parameters().get(0).grad());
        assertEquals(Activations.RELU, d.activation());
        assertEquals("Dense(3 → 2, relu)", d.toString());
    }

    @Test
    void afterTakesItsInputCountFromThePreviousLayer() {
        Dense first = new Dense(5, 4, Activations.TANH, Initializers.GAUSSIAN, new Random(1));
        Dense second = Dense.after(first, 2, Activations.SIGMOID, Initializers.GAUSSIAN, new Random(2));
        assertEquals(4, second.inputs());
        assertEquals(2, second.neurons());
        assertEquals("4×2", second.weights().shape());
        assertEquals("6×2", second.forward(first.forward(Matrix.zeros(6, 5))).shape());
    }

    @Test
    void shapeErrorsNameWhatWasGivenAndWhatWasExpected() {
        Dense d = layer(true);
        assertMessage(IllegalStateException.class, () -> d.backward(Matrix.zeros(4, 2)), "Dense.backward", "forward first");
        assertMessage(IllegalArgumentException.class, () -> d.forward(Matrix.zeros(4, 2)), "Dense.forward", "4×2", "expected 3");
        d.forward(X);
        assertMessage(IllegalArgumentException.class, () -> d.backward(Matrix.zeros(2, 4)), "Dense.backward", "2×4", "4×2");
        assertMessage(IllegalArgumentException.class,
                () -> new Dense(0, 2, Activations.TANH, Initializers.GAUSSIAN, new Random()), "inputs", "0");
        assertMessage(IllegalArgumentException.class,
                () -> new Dense(2, -1, Activations.TANH, Initializers.GAUSSIAN, new Random()), "neurons", "-1");
    }
}
