package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;

import dev.nncourse.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Layers, networks and losses reject bad input with a message naming the value and what was expected. */
class NnBadInputTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Activation TANH = Activations.TANH;
    private static final Initializer INIT = Initializers.XAVIER_GAUSSIAN;

    private static Dense dense(int n, int k) { return new Dense(n, k, TANH, INIT, new Random(1)); }

    @Test void zeroInputs() { assertMessage(IAE, () -> dense(0, 3), "inputs must be a positive count", "got 0"); }

    @Test void negativeNeurons() { assertMessage(IAE, () -> dense(2, -1), "neurons must be a positive count", "got -1"); }

    @Test void builderZeroInputs() { assertMessage(IAE, () -> Network.builder(0, 1), "inputs must be positive", "got 0"); }

    @Test void builderZeroNeurons() {
        assertMessage(IAE, () -> Network.builder(2, 1).dense(3, TANH).dense(0, TANH), "neurons must be a positive count", "got 0");
    }

    @Test void missingActivation() {
        assertMessage(IAE, () -> new Dense(2, 2, null, INIT, new Random(1)), "expected an activation", "got null");
    }

    @Test void initializerWrongShape() {
        Initializer bad = Initializers.of("bad", (n, k, rng) -> Matrix.zeros(k, n));
        assertMessage(IAE, () -> new Dense(2, 3, TANH, bad, new Random(1)), "initializer bad returned 3×2", "expected 2×3");
    }

    @Test void incompatibleStacking() {
        assertMessage(IAE, () -> Network.of(dense(2, 3), dense(4, 1)), "layer 2 expects 4 inputs", "layer 1 has 3 neurons");
    }

    @Test void emptyNetwork() { assertMessage(IAE, () -> Network.of(), "at least one layer", "got none"); }

    @Test void forwardWrongColumns() {
        assertMessage(IAE, () -> dense(2, 3).forward(Matrix.zeros(4, 3)), "input 4×3 has 3 columns", "expected 2");
    }

    @Test void networkForwardWrongColumns() {
        Network net = Network.of(dense(2, 3), dense(3, 1));
        assertMessage(IAE, () -> net.forward(Matrix.zeros(1, 5)), "has 5 columns", "expected 2");
    }

    @Test void forwardNaNInput() {
        Network net = Network.of(dense(2, 1));
        Matrix x = Matrix.of(new double[][] {{0, 1}, {Double.NaN, 2}});
        assertMessage(IAE, () -> net.forward(x), "Network.forward: input", "entry (1, 0)", "is NaN", "expected finite numbers");
    }

    @Test void backwardBeforeForward() {
        assertMessage(IllegalStateException.class, () -> dense(2, 3).backward(Matrix.zeros(1, 3)), "call forward first");
    }

    @Test void backwardWrongGradientShape() {
        Dense d = dense(2, 3);
        d.forward(Matrix.zeros(4, 2));
        assertMessage(IAE, () -> d.backward(Matrix.zeros(4, 2)), "gradient 4×2", "must match the layer's output 4×3");
    }

    @Test void unknownActivationName() {
        assertMessage(IAE, () -> Activations.named("softmax"), "unknown activation \"softmax\"", "identity, tanh, relu, sigmoid");
    }

    @Test void columnLayerInputRows() {
        ColumnLayer layer = new ColumnLayer(2, 3, TANH, 0.1, new Random(1));
        assertMessage(IAE, () -> layer.feedforward(Matrix.zeros(3, 1)), "input 3×1 has 3 rows", "expected 2");
    }

    @Test void columnLayerLearningRate() {
        assertMessage(IAE, () -> new ColumnLayer(2, 3, TANH, -0.1, new Random(1)), "learning rate", "got -0.1");
    }

    @Test void mseShapes() {
        assertMessage(IAE, () -> Losses.MSE.cost(Matrix.zeros(3, 1), Matrix.zeros(3, 2)), "mse", "prediction 3×1 and target 3×2");
    }

    @Test void mseNaNTarget() {
        Matrix t = Matrix.column(1, Double.NaN);
        assertMessage(IAE, () -> Losses.MSE.gradient(Matrix.zeros(2, 1), t), "mse: target", "entry (1, 0)", "is NaN");
    }

    @Test void mseInfiniteTarget() {
        Matrix t = Matrix.column(Double.POSITIVE_INFINITY, 1);
        assertMessage(IAE, () -> Losses.MSE.cost(Matrix.zeros(2, 1), t), "mse: target", "entry (0, 0)", "is Infinity");
    }

    @Test void logLossShapes() {
        assertMessage(IAE, () -> Losses.LOG_LOSS.cost(Matrix.zeros(2, 1), Matrix.zeros(1, 2)), "logloss", "2×1 and target 1×2");
    }

    @Test void logLossLabelAboveOne() {
        assertMessage(IAE, () -> Losses.LOG_LOSS.cost(Matrix.column(0.5, 0.5), Matrix.column(0, 2)),
                "label 2.0 at row 1, column 0", "outside [0, 1]");
    }

    @Test void logLossNegativeLabel() {
        assertMessage(IAE, () -> Losses.LOG_LOSS.gradient(Matrix.column(0.5), Matrix.column(-1)), "label -1.0", "outside [0, 1]");
    }

    @Test void logLossNaNLabel() {
        assertMessage(IAE, () -> Losses.LOG_LOSS.cost(Matrix.column(0.5), Matrix.column(Double.NaN)), "label NaN", "outside [0, 1]");
    }

    @Test void logLossPredictionOutsideUnitInterval() {
        assertMessage(IAE, () -> Losses.LOG_LOSS.cost(Matrix.column(1.5), Matrix.column(1)), "prediction 1.5", "outside [0, 1]",
                "sigmoid output");
    }
}
