package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.GradientCheck;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.optim.Sgd;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A network of layers: building and numbering, forward and backward through every layer, the modes, snapshots, and
 * bad input. Its stale-state checks are {@link ForwardStampTest}'s; a learner's own layer in it is {@link LayerTest}'s.
 */
class NetworkTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Matrix X = Matrix.gaussian(6, 3, 1), T = Matrix.gaussian(6, 2, 2);

    private static Network net(long seed) {
        return Network.builder(3, seed).dense(4, Activations.TANH).dense(2, Activations.SIGMOID).build();
    }

    private static Network withDropout(long seed) {
        return Network.builder(3, seed).dense(5, Activations.TANH).dropout(0.5).dense(4, Activations.RELU).dropout(0.2)
                .dense(2, Activations.IDENTITY).build();
    }

    /** The network {@link #withDropout} without its dropout layers: the same weights. */
    private static Network without(long seed) {
        Random rng = new Random(seed);
        Dense a = new Dense(3, 5, Activations.TANH, Initializers.XAVIER_GAUSSIAN, rng);
        rng.nextLong();   // the builder draws each dropout's seed from the same generator
        Dense b = new Dense(5, 4, Activations.RELU, Initializers.XAVIER_GAUSSIAN, rng);
        rng.nextLong();
        return Network.of(a, b, new Dense(4, 2, Activations.IDENTITY, Initializers.XAVIER_GAUSSIAN, rng));
    }

    // ------------------------------------------------------------ building

    @Nested
    class Building {
        @Test void theBuilderTakesEachLayersInputSizeFromThePreviousLayer() {
            Network n = Network.builder(3, 1).dense(5, Activations.RELU).dense(4, Activations.TANH).dense(1, Activations.IDENTITY)
                    .build();
            assertEquals(List.of(3, 5, 4), n.layers().stream().map(Dense::inputs).toList());
            assertEquals(List.of(5, 4, 1), n.layers().stream().map(Dense::neurons).toList());
            assertEquals(3, n.inputs());
            assertEquals(1, n.outputs());
            assertEquals(3 * 5 + 5 + 5 * 4 + 4 + 4 * 1 + 1, n.parameterCount());
            assertEquals(Activations.TANH, n.layer(1).activation());
        }

        @Test void theBuilderIsReproducibleFromItsSeed() {
            assertEquals(net(4).layer(0).weights(), net(4).layer(0).weights());
            assertEquals(net(4).layer(1).weights(), net(4).layer(1).weights());
            assertNotEquals(net(4).layer(0).weights(), net(5).layer(0).weights());
        }

        @Test void builderSettingsApplyToTheLayersAddedAfterThem() {
            Network n = Network.builder(2, 0).init(Initializers.of("ones", (a, b, r) -> Matrix.filled(a, b, 1)))
                    .dense(3, Activations.RELU).bias(false).init(Initializers.HE).dense(1, Activations.IDENTITY).build();
            assertEquals(Matrix.filled(2, 3, 1), n.layer(0).weights());
            assertEquals(Matrix.zeros(1, 3), n.layer(0).bias());
            assertNull(n.layer(1).bias());
            assertEquals(List.of("layer1.W", "layer1.b", "layer2.W"), n.parameters().stream().map(n::nameOf).toList());
        }

        @Test void denseLayersAreNumberedOnTheirOwn() {
            Network net = withDropout(1);
            assertEquals(3, net.layers().size());
            assertEquals(5, net.allLayers().size());
            assertTrue(net.allLayers().get(1) instanceof Dropout);
            assertEquals(List.of("layer1.W", "layer1.b", "layer2.W", "layer2.b", "layer3.W", "layer3.b"),
                    net.parameters().stream().map(net::nameOf).toList());
            assertEquals("Network (54 parameters)\n  1: Dense(3 → 5, tanh)\n     Dropout(p = 0.5)\n  2: Dense(5 → 4, relu)\n"
                    + "     Dropout(p = 0.2)\n  3: Dense(4 → 2, identity)", net.toString());
            assertEquals(3, net.inputs());
            assertEquals(2, net.outputs());
            assertEquals("Network (26 parameters)\n  1: Dense(3 → 4, tanh)\n  2: Dense(4 → 2, sigmoid)", net(1).toString());
        }

        @Test void parametersAreNamedByLayerAndTheListIsReadOnly() {
            Network n = net(1);
            assertEquals(List.of("layer1.W", "layer1.b", "layer2.W", "layer2.b"), n.parameters().stream().map(n::nameOf).toList());
            assertSame(n.layer(1).weights(), n.parameters().get(2).value());
            assertThrows(UnsupportedOperationException.class, () -> n.parameters().clear());
            assertMessage(IAE, () -> n.nameOf(new Parameter("W", Matrix.zeros(3, 4))), "nameOf", "not a parameter");
        }

        @Test void parameterCountIsALong() throws NoSuchMethodException {
            assertEquals(long.class, Network.class.getMethod("parameterCount").getReturnType());
            Network net = Network.builder(300, 1).dense(200, Activations.TANH).bias(false).dense(100, Activations.IDENTITY).build();
            assertEquals(300L * 200 + 200 + 200 * 100, net.parameterCount());
        }

        /** Any layers make a network, a single dropout layer too; the width is checked only between dense layers. */
        @Test void anyLayersMakeANetwork() {
            Network dropoutOnly = Network.of(new Dropout(0.5, 1));
            assertSame(X, dropoutOnly.forward(X), "in evaluation, dropout is the identity");
            assertEquals(List.of(), dropoutOnly.parameters());
            assertEquals(0, dropoutOnly.inputs());
        }

        @Test void twoNetworksMayWrapTheSameLayerObject() {
            Dense d = new Dense(3, 2, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(3));
            Network a = Network.of(d), b = Network.of(d);
            assertEquals(a.forward(X), b.forward(X));
            GradientCheck.of(d, Losses.MSE, X, T).requireBelow(1e-7);
        }
    }

    // ------------------------------------------------------------ forward and backward

    @Nested
    class ForwardAndBackward {
        @Test void theyChainTheLayers() {
            Network n = net(2);
            Matrix x = Matrix.gaussian(5, 3, 3), g = Matrix.gaussian(5, 2, 4);
            Matrix y = n.forward(x);
            Matrix expectedY = n.layer(1).activation().f(
                    n.layer(0).activation().f(x.mult(n.layer(0).weights()).plusRow(n.layer(0).bias()))
                            .mult(n.layer(1).weights()).plusRow(n.layer(1).bias()));
            assertEquals(0, y.maxAbsDiff(expectedY), 1e-15);

            Matrix dx = n.backward(g);
            // by hand: Δ2 = G ⊙ f2′(A2), G1 = Δ2 W2ᵀ, Δ1 = G1 ⊙ f1′(A1), ∂L/∂X = Δ1 W1ᵀ
            Matrix d2 = g.hadamard(Activations.SIGMOID.df(n.layer(1).preActivation()));
            Matrix d1 = d2.mult(n.layer(1).weights().transpose()).hadamard(Activations.TANH.df(n.layer(0).preActivation()));
            assertEquals(0, dx.maxAbsDiff(d1.mult(n.layer(0).weights().transpose())), 1e-15);
            assertEquals(0, n.layer(0).weightGrad().maxAbsDiff(x.transpose().mult(d1).scale(1.0 / 5)), 1e-15);
        }

        /** Networks whose first layer with parameters is at position 0, or after a dropout layer. */
        private List<Network> trainingShapes(long seed) {
            return List.of(net(seed),
                    Network.builder(3, seed).dropout(0.3).dense(4, Activations.RELU).dropout(0.5).dense(2, Activations.IDENTITY)
                            .build(),
                    Network.builder(3, seed).bias(false).dense(1, Activations.TANH).build());
        }

        @Test void backwardParametersGivesTheGradientsOfBackwardBitForBit() {
            for (int m : new int[] {1, 5}) {
                List<Network> plain = trainingShapes(7), fast = trainingShapes(7);
                for (int i = 0; i < plain.size(); i++) {
                    Network a = plain.get(i), b = fast.get(i);
                    a.setTraining(true);
                    b.setTraining(true);
                    Matrix x = Matrix.gaussian(m, 3, 8), g = Matrix.gaussian(m, a.outputs(), 9);
                    assertEquals(a.forward(x), b.forward(x));
                    a.backward(g);
                    b.backwardParameters(g);
                    for (int p = 0; p < a.parameters().size(); p++) {
                        assertEquals(a.parameters().get(p).grad(), b.parameters().get(p).grad(), a + ", m = " + m);
                    }
                }
            }
        }

        /**
         * A training step, backwardParameters then {@link Sgd}'s step (for one sample, the rank-one path: the gradient
         * xᵀδ kept as factors), gives the bits of backward then the written-out update θ ← θ − η ∂J/∂θ, through dropout.
         */
        @Test void aTrainingStepIsBackwardThenTheWrittenOutUpdateBitForBit() {
            for (int m : new int[] {1, 5}) {
                List<Network> written = trainingShapes(3), stepped = trainingShapes(3);
                for (int i = 0; i < written.size(); i++) {
                    Network a = written.get(i), b = stepped.get(i);
                    a.setTraining(true);
                    b.setTraining(true);
                    Sgd sgd = new Sgd(b.parameters(), 0.1);
                    for (int step = 0; step < 3; step++) {
                        Matrix x = Matrix.gaussian(m, 3, 4 + step), g = Matrix.gaussian(m, a.outputs(), 5 + step);
                        a.forward(x);
                        a.backward(g);
                        for (Parameter p : a.parameters()) p.value().addScaledInPlace(p.grad(), -0.1);
                        b.forward(x);
                        b.backwardParameters(g);
                        sgd.step(m);
                    }
                    for (int p = 0; p < a.parameters().size(); p++) {
                        assertEquals(a.parameters().get(p).value(), b.parameters().get(p).value(), a + ", m = " + m);
                    }
                    assertNotEquals(trainingShapes(3).get(i).parameters().get(0).value(), b.parameters().get(0).value());
                }
            }
        }

        @Test void backwardParametersChecksEveryLayerFirst() {
            Network n = net(1);
            List<Matrix> before = n.parameters().stream().map(p -> p.grad().copy()).toList();
            assertMessage(IllegalStateException.class, () -> n.backwardParameters(Matrix.zeros(1, 2)), "call forward first");
            n.forward(Matrix.gaussian(2, 3, 1));
            assertMessage(IAE, () -> n.backwardParameters(Matrix.zeros(2, 3)), "gradient 2×3");
            assertEquals(before, n.parameters().stream().map(Parameter::grad).toList(), "no gradient was set");
        }
    }

    // ------------------------------------------------------------ modes, prediction, snapshots

    @Nested
    class ModesAndSnapshots {
        @Test void evaluationIsTheDefaultAndPredictKeepsTheMode() {
            Network net = withDropout(1), plain = without(1);
            assertFalse(net.isTraining());
            assertEquals(plain.forward(X), net.forward(X), "in evaluation, dropout is the identity");
            net.setTraining(true);
            assertTrue(net.allLayers().stream().allMatch(Layer::isTraining));
            assertNotEquals(plain.forward(X), net.forward(X), "in training, dropout drops");
            assertEquals(plain.forward(X), net.predict(X), "predict evaluates");
            assertTrue(net.isTraining(), "and leaves the mode as it was");
            net.allLayers().get(1).setTraining(false);
            net.predict(X);
            assertFalse(net.allLayers().get(1).isTraining());
            assertTrue(net.allLayers().get(3).isTraining());
        }

        /** Predicting in between does not disturb a pending backward pass: it caches nothing and draws no mask. */
        @Test void predictLeavesAPendingBackwardPassAlone() {
            Network a = withDropout(2), b = withDropout(2);
            a.setTraining(true);
            b.setTraining(true);
            Matrix ya = a.forward(X), yb = b.forward(X);
            b.predict(Matrix.gaussian(4, 3, 9));
            a.backward(Losses.MSE.gradient(ya, T));
            b.backward(Losses.MSE.gradient(yb, T));
            for (int p = 0; p < a.parameters().size(); p++) assertEquals(a.parameters().get(p).grad(),
                    b.parameters().get(p).grad());
        }

        @Test void aSnapshotPutsBackTheParametersAndTheDropoutGenerators() {
            Network net = withDropout(3);
            net.setTraining(true);
            Sgd sgd = new Sgd(net.parameters(), 0.1);
            net.backward(Losses.MSE.gradient(net.forward(X), T));
            sgd.step(6);
            Network.Snapshot snapshot = net.snapshot();
            Matrix w = net.layer(0).weights().copy();
            Matrix next = net.forward(X);
            long draws = ((Dropout) net.allLayers().get(1)).draws();
            net.backward(Losses.MSE.gradient(next, T));
            sgd.step(6);
            net.forward(X);
            assertNotEquals(w, net.layer(0).weights());
            snapshot.restore();
            assertEquals(w, net.layer(0).weights());
            assertEquals(next, net.forward(X), "the same masks again");
            assertEquals(draws, ((Dropout) net.allLayers().get(1)).draws());
            snapshot.restore();
            assertEquals(next, net.forward(X), "a snapshot can be used twice");
        }

        @Test void aGradientCheckRefusesDropoutInTrainingMode() {
            Network net = withDropout(1);
            assertTrue(GradientCheck.of(net, Losses.MSE, X, T).maxRelativeError() < 1e-7, "in evaluation it checks");
            net.setTraining(true);
            assertMessage(IAE, () -> GradientCheck.of(net, Losses.MSE, X, T), "Dropout layer in training mode",
                    "net.setTraining(false)");
        }
    }

    // ------------------------------------------------------------ bad input

    @Nested
    class BadInput {
        private Dense dense(int n, int k) { return new Dense(n, k, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(1)); }

        @Test void layersThatDoNotFit() {
            assertMessage(IAE, () -> Network.of(dense(3, 4), dense(5, 1)), "Network: layer 2, Dense(5 → 1, tanh), takes 5 "
                    + "inputs but layer 1, Dense(3 → 4, tanh), gives 4");
            assertMessage(IAE, () -> Network.of(dense(3, 2), new Dropout(0.5, 1), dense(3, 2)),
                    "layer 2, Dense(3 → 2, tanh), takes 3 inputs but layer 1, Dense(3 → 2, tanh), gives 2");
        }

        @Test void noLayersOrANullLayer() {
            Dense d = dense(3, 2);
            assertMessage(IAE, () -> Network.of(), "Network: needs at least one layer, got none");
            assertMessage(IAE, () -> Network.of((Layer[]) null), "at least one layer");
            assertMessage(IAE, () -> new Network(null), "at least one layer");
            assertMessage(IAE, () -> Network.of(d, null),
                    "Network: layer 2 of 2 is null; expected a layer such as Dense or Dropout");
            assertMessage(IAE, () -> Network.of(null, d), "layer 1 of 2 is null");
            assertMessage(IAE, () -> new Network(Arrays.asList(d, null)), "layer 2 of 2 is null");
        }

        /** A layer caches one forward pass, so one object may stand in one place only. */
        @Test void theSameLayerObjectTwice() {
            Dense d = dense(3, 2), e = dense(2, 2), square = dense(2, 2);
            Dropout drop = new Dropout(0.5, 1);
            assertMessage(IAE, () -> Network.of(square, square), "layers 1 and 2 are the same Dense object",
                    "Create a new Dense for each position");
            assertMessage(IAE, () -> Network.of(d, e, square, e), "layers 2 and 4 are the same Dense object");
            assertMessage(IAE, () -> new Network(List.of(d, square, square)), "layers 2 and 3");
            assertMessage(IAE, () -> Network.of(d, drop, drop), "layers 2 and 3 are the same Dropout object");
        }

        @Test void builderCounts() {
            assertMessage(IAE, () -> Network.builder(0, 1),
                    "Network.builder: the number of inputs must be a positive count, got 0");
            assertMessage(IAE, () -> Network.builder(2, 1).dense(3, Activations.TANH).dense(0, Activations.TANH),
                    "the number of neurons must be a positive count, got 0");
            assertMessage(IAE, () -> Network.builder(2, 1).add(null, 2), "Network.builder: expected a layer, got null");
            assertMessage(IAE, () -> Network.builder(2, 1).add(new Dropout(0.1, 1), 0), "the width after the layer must be a "
                    + "positive count, got 0");
        }

        /** The network: 2³⁰ × 2³⁰ weights are refused, not counted as zero parameters. */
        @Test void aLayerBeyondAnArrayIsRefused() {
            assertMessage(IAE, () -> Network.builder(1 << 30, 1).bias(false).dense(1 << 30, Activations.IDENTITY).build(),
                    "Dense", "shape 1073741824×1073741824", "would have 1152921504606846976 entries",
                    "more than the 2147483639 a Java array can hold");
        }

        @Test void inputsThatDoNotFitOrAreNotFinite() {
            Network net = Network.of(dense(2, 3), dense(3, 1));
            assertMessage(IAE, () -> net.forward(Matrix.zeros(1, 5)), "has 5 columns", "expected 2");
            Matrix nan = Matrix.of(new double[][] {{0, 1}, {Double.NaN, 2}});
            assertMessage(IAE, () -> net.forward(nan), "Network.forward: input", "entry (1, 0)", "is NaN",
                    "expected finite numbers");
            assertMessage(IAE, () -> net.predict(nan), "Network.predict: input", "entry (1, 0)");
        }

        @Test void aLayerThatReturnsNullIsNamed() {
            class Broken extends Layer {
                @Override public Matrix forward(Matrix input) { return null; }
                @Override public Matrix backward(Matrix g) { return g; }
            }
            assertMessage(IllegalStateException.class, () -> Network.of(dense(3, 2), new Broken()).forward(X),
                    "Network.forward: the Broken after layer 1 returned null, expected its output");
        }
    }
}
