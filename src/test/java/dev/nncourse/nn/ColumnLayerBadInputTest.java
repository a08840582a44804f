package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;

import dev.nncourse.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A ColumnLayer refuses missing arguments when it is made or called, naming what it expected. */
class ColumnLayerBadInputTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
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
        assertMessage(IAE, () -> layer.backprop(null), "ColumnLayer.backprop", "expected a gradient dA, got null");
        assertMessage(IAE, () -> layer.backward(null), "ColumnLayer.backward", "expected a gradient dA, got null");
        assertMessage(IllegalStateException.class, () -> new ColumnLayer(w, b, Activations.TANH, 0.1).backward(Matrix.zeros(3, 4)),
                "ColumnLayer.backward", "call feedforward first");
    }
}
