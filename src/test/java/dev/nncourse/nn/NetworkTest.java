package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nncourse.linalg.Matrix;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkTest {
    private static Network net(long seed) {
        return Network.builder(3, seed).dense(4, Activations.TANH).dense(2, Activations.SIGMOID).build();
    }

    @Test
    void builderTakesEachLayersInputSizeFromThePreviousLayer() {
        Network n = Network.builder(3, 1).dense(5, Activations.RELU).dense(4, Activations.TANH).dense(1, Activations.IDENTITY).build();
        assertEquals(List.of(3, 5, 4), n.layers().stream().map(Dense::inputs).toList());
        assertEquals(List.of(5, 4, 1), n.layers().stream().map(Dense::neurons).toList());
        assertEquals(3, n.inputs());
        assertEquals(1, n.outputs());
        assertEquals(3 * 5 + 5 + 5 * 4 + 4 + 4 * 1 + 1, n.parameterCount());
        assertEquals(Activations.TANH, n.layer(1).activation());
    }

    @Test
    void builderIsReproducibleFromItsSeed() {
        assertEquals(net(4).layer(0).weights(), net(4).layer(0).weights());
        assertEquals(net(4).layer(1).weights(), net(4).layer(1).weights());
        assertNotEquals(net(4).layer(0).weights(), net(5).layer(0).weights());
    }

    @Test
    void builderSettingsApplyToTheLayersAddedAfterThem() {
        Network n = Network.builder(2, 0).init(Initializers.of("ones", (a, b, r) -> Matrix.filled(a, b, 1))).dense(3, Activations.RELU)
                .bias(false).init(Initializers.HE).dense(1, Activations.IDENTITY).build();
        assertEquals(Matrix.filled(2, 3, 1), n.layer(0).weights());
        assertEquals(Matrix.zeros(1, 3), n.layer(0).bias());
        assertNull(n.layer(1).bias());
        assertEquals(List.of("layer1.W", "layer1.b", "layer2.W"), n.parameters().stream().map(n::nameOf).toList());
    }

    @Test
    void incompatibleStackingIsRejected() {
        Dense a = new Dense(3, 4, Activations.TANH, Initializers.GAUSSIAN, new Random(1));
        Dense b = new Dense(5, 1, Activations.TANH, Initializers.GAUSSIAN, new Random(1));
        assertMessage(IllegalArgumentException.class, () -> Network.of(a, b), "layer 2 expects 5 inputs", "layer 1 has 4 neurons");
        assertMessage(IllegalArgumentException.class, () -> Network.of(), "at least one layer");
        assertMessage(IllegalArgumentException.class, () -> Network.builder(0, 1), "inputs", "0");
    }

    @Test
    void forwardAndBackwardChainTheLayers() {
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
    private static List<Network> trainingShapes(long seed) {
        return List.of(net(seed),
                Network.builder(3, seed).dropout(0.3).dense(4, Activations.RELU).dropout(0.5).dense(2, Activations.IDENTITY).build(),
                Network.builder(3, seed).bias(false).dense(1, Activations.TANH).build());
    }

    @Test
    void backwardParametersGivesTheGradientsOfBackwardBitForBit() {
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

    @Test
    void descendIsBackwardAndDescendWithoutTheInputGradient() {
        for (int m : new int[] {1, 5}) {   // one sample takes the fused rank-one path, a minibatch the plain one
            List<Network> plain = trainingShapes(3), fast = trainingShapes(3);
            for (int i = 0; i < plain.size(); i++) {
                Network a = plain.get(i), b = fast.get(i);
                Matrix x = Matrix.gaussian(m, 3, 4), g = Matrix.gaussian(m, a.outputs(), 5);
                a.forward(x);
                b.forward(x);
                a.backwardAndDescend(g, 0.1);
                b.descend(g, 0.1);
                for (int p = 0; p < a.parameters().size(); p++) {
                    assertEquals(a.parameters().get(p).value(), b.parameters().get(p).value(), a + ", m = " + m);
                }
            }
        }
    }

    @Test
    void backwardParametersAndDescendCheckEveryLayerFirst() {
        Network n = net(1);
        assertMessage(IllegalStateException.class, () -> n.backwardParameters(Matrix.zeros(1, 2)), "call forward first");
        n.forward(Matrix.gaussian(2, 3, 1));
        assertMessage(IllegalArgumentException.class, () -> n.descend(Matrix.zeros(2, 3), 0.1), "gradient 2×3");
        assertMessage(IllegalArgumentException.class, () -> n.descend(Matrix.zeros(2, 2), -1), "learning rate");
        Matrix w = n.layer(0).weights().copy();
        n.layer(0).weights().set(0, 0, 1);   // W changed since the forward pass: nothing may be updated
        Matrix w1 = n.layer(1).weights().copy();
        assertMessage(IllegalStateException.class, () -> n.descend(Matrix.zeros(2, 2), 0.1), "its weights W changed");
        assertMessage(IllegalStateException.class, () -> n.backwardParameters(Matrix.zeros(2, 2)), "its weights W changed");
        assertEquals(w1, n.layer(1).weights(), "the last layer was not updated before the first was checked");
        assertNotEquals(w, n.layer(0).weights());
    }

    @Test
    void parametersAreNamedByLayerAndTheListIsReadOnly() {
        Network n = net(1);
        assertEquals(List.of("layer1.W", "layer1.b", "layer2.W", "layer2.b"), n.parameters().stream().map(n::nameOf).toList());
        assertEquals(n.layer(1).weights(), n.parameters().get(2).value());
        assertThrows(UnsupportedOperationException.class, () -> n.parameters().clear());
        assertMessage(IllegalArgumentException.class, () -> n.nameOf(new Parameter("W", Matrix.zeros(3, 4))), "nameOf",
                "not a parameter");
    }

    @Test
    void toStringListsTheLayers() {
        assertEquals("Network (26 parameters)\n  1: Dense(3 → 4, tanh)\n  2: Dense(4 → 2, sigmoid)", net(1).toString());
    }
}
